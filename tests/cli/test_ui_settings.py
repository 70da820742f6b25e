"""[ui] and [keys] of relman.toml: read, checked before the app opens, and a theme saved
back into the file without touching the rest of it."""

from __future__ import annotations

import pytest

from models.base.config import save_setting
from models.base.errors import UserError
from tests.cli.helpers import assert_one_error_line, run
from tui import cli
from tui.ui_settings import UiSettings, automatic_theme, check, ui_settings

CONFIG = """# Relman for the front office
[delivery]
smtp_host = "mail.example"   # the office server

[ui]
theme = "nord"
mouse = true

[keys]
"segment.add_contacts" = "f9"
app.help = "f1,ctrl+g"
"""


def test_ui_and_keys_are_read_with_the_environment_and_the_command_line_over_them(tmp_path):
    config = tmp_path / "relman.toml"
    config.write_text(CONFIG)
    ui = ui_settings({}, config)
    assert ui == UiSettings(theme="nord", mouse=True, cursor_blink=False, config_file=config,
                            keys={"segment.add_contacts": "f9", "app.help": "f1,ctrl+g"})
    check(ui)  # a known theme and known ids
    over = ui_settings({"RELMAN_THEME": "dracula", "RELMAN_CURSOR_BLINK": "yes", "RELMAN_MOUSE": " "}, config)
    assert (over.theme, over.cursor_blink, over.mouse) == ("dracula", True, True)
    assert ui_settings({"RELMAN_THEME": "dracula"}, config, theme="gruvbox").theme == "gruvbox"
    assert ui_settings({}, tmp_path / "missing.toml") == UiSettings(config_file=tmp_path / "missing.toml")
    # automatic: the terminal's own colours when it has 16 or fewer, or none at all
    assert [automatic_theme(system) for system in ("truecolor", "256", "standard", "windows")] == \
        [None, None, "ansi-dark", "ansi-dark"]
    assert automatic_theme("truecolor", no_color=True) == "ansi-dark"

    for text, message in (('[ui]\nmouse = "maybe"\n', "mouse .* must be yes or no"),
                          ('[ui]\nthem = "nord"\n', "Unknown setting 'them'"),
                          ('[keys]\n"app.help" = 1\n', "must be a key name in quotes")):
        config.write_text(text)
        with pytest.raises(UserError, match=message):
            ui_settings({}, config)
    with pytest.raises(UserError, match="Unknown theme 'nrod'; the themes are ansi-dark, "):
        check(UiSettings(theme="nrod"))
    with pytest.raises(UserError, match="Unknown key id 'segment.ad_contacts' in"):
        check(UiSettings(keys={"segment.ad_contacts": "f9", "app.help": "f9"}))


def test_an_unknown_key_id_stops_the_app_with_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    config = tmp_path / "config" / "relman" / "relman.toml"  # XDG_CONFIG_HOME is tmp_path/config
    config.parent.mkdir(parents=True)
    config.write_text('[keys]\n"app.hlep" = "f9"\n')
    code, _out, err = run(capsys, "--db", str(tmp_path / "x.db"), "--create")
    assert code == 2
    assert_one_error_line(err, "Unknown key id 'app.hlep'", str(config))
    assert not (tmp_path / "x.db").exists()  # refused before the database
    code, _out, err = run(capsys, "--theme", "nope")
    assert code == 2
    assert_one_error_line(err, "Unknown theme 'nope'")


def test_a_saved_setting_keeps_the_rest_of_the_file(tmp_path):
    config = tmp_path / "relman.toml"
    config.write_text(CONFIG)
    config.chmod(0o600)  # it may hold an SMTP password
    save_setting("ui", "theme", "gruvbox", config)
    assert config.read_text() == CONFIG.replace('theme = "nord"', 'theme = "gruvbox"')
    assert config.stat().st_mode & 0o777 == 0o600
    save_setting("ui", "cursor_blink", "yes", config)  # a key the section does not have yet
    assert 'cursor_blink = "yes"\ntheme = "gruvbox"\nmouse = true\n' in config.read_text()

    plain = tmp_path / "plain.toml"
    plain.write_text('[delivery]\npdf = false')  # no [ui], no newline at the end
    save_setting("ui", "theme", "nord", plain)
    assert plain.read_text() == '[delivery]\npdf = false\n\n[ui]\ntheme = "nord"\n'
    save_setting("ui", "theme", "nord", tmp_path / "new" / "relman.toml")
    assert (tmp_path / "new" / "relman.toml").read_text() == '[ui]\ntheme = "nord"\n'

    inline = tmp_path / "inline.toml"
    inline.write_text('ui = { theme = "nord" }\n')  # an edit by lines would break it: refused, untouched
    with pytest.raises(UserError, match="set theme = \"dracula\" there by hand"):
        save_setting("ui", "theme", "dracula", inline)
    assert inline.read_text() == 'ui = { theme = "nord" }\n'
