"""Who is working (models/base/context.py): the User ID on entries and logged segments is the
operating-system account that runs Relman, not an environment variable anyone can set
(issue 11); tests still pin it through the context."""

from __future__ import annotations

import builtins
import getpass
import os
import sys

import pytest

from models.base import context

pwd = pytest.importorskip("pwd")


def test_the_user_id_is_the_os_account_whatever_the_environment_says(monkeypatch):
    account = pwd.getpwuid(os.getuid()).pw_name.upper()
    for name in ("USER", "LOGNAME", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "MALLORY")
    assert context.os_account() == account
    assert context.Context().user_id == account
    assert context.set_context().user_id == account and context.user_id() == account


def test_tests_pin_the_user(pinned_context):
    assert context.user_id() == "TESTER"
    context.set_context(user_id="OTHER")
    assert context.user_id() == "OTHER"


def test_a_uid_without_a_name_is_its_number(monkeypatch):
    def unknown(_uid):
        raise KeyError(_uid)

    monkeypatch.setattr(pwd, "getpwuid", unknown)
    monkeypatch.setenv("USER", "MALLORY")
    assert context.os_account() == str(os.getuid())


def test_without_pwd_windows_asks_getpass(monkeypatch):
    real_import = builtins.__import__

    def no_pwd(name, *args, **kwargs):
        if name == "pwd":
            raise ImportError("no pwd on Windows")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "pwd")
    monkeypatch.setattr(builtins, "__import__", no_pwd)
    monkeypatch.setattr(getpass, "getuser", lambda: "winuser")
    assert context.os_account() == "WINUSER"
