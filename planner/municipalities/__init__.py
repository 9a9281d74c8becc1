"""Municipalities (tenants), their home page, members and settings."""
