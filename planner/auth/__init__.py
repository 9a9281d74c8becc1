"""Accounts: sign in and out, my account, passwords."""
