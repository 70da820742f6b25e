from models.contacts import Contact
from models.db import db


def test_schema_created(any_db):
    assert "contact" in db.get_tables()
    assert Contact.select().count() == 0
