"""Signing in: password and code steps (password.py), the city's identity provider
(city.py) and the juror's authenticator and backup codes (devices.py)."""
