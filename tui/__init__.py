"""Relman's terminal UI (Textual). Calls models/; never writes SQL."""
