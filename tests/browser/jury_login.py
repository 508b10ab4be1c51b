from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(page, live_server, user, path: str = "/jury/") -> None:
    """Both steps of the login, as a person would do them."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="phone", defaults={"confirmed": True}
    )
    page.goto(live_server.url + path)
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("Sexsiffrig kod").fill(current_code(device))
    page.get_by_role("button", name="Logga in").click()
