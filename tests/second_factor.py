"""Signing a test client in past the second factor, for the tests and the benchmarks alike."""


def pass_second_factor(client, user):
    """Mark ``client``'s session as having passed the second factor with ``user``'s authenticator."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wagtail_review.accounts.sessions import confirm_identity

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    confirm_identity(session)
    session.save()
