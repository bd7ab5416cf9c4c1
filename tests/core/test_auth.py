"""Log in, lock-out, expired sessions, CSRF and the language switch."""

import pytest
from django.conf import settings as live_settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def test_production_hashes_passwords_with_argon2(settings):
    assert (
        settings.PRODUCTION_PASSWORD_HASHERS[0]
        == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_argon2_hash_is_stored_and_checked(settings, django_user_model):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    user = django_user_model.objects.create_user("argon", password="s3cret-password")
    assert user.password.startswith("argon2$")
    assert user.check_password("s3cret-password")
    assert not user.check_password("wrong")


def test_clerk_logs_in_and_sees_the_chinese_shell(client, clerk):
    response = client.post(
        reverse("login"), {"username": "wangfang", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="zh-hans"' in body
    assert "王芳" in body


def test_wrong_password_is_refused_with_a_clear_message(client, clerk):
    response = client.post(reverse("login"), {"username": "wangfang", "password": "wrong"})
    assert response.status_code == 200
    assert 'id="login-error"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_for_a_while(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "wangfang", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "wangfang", "password": PASSWORD})
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_expired_session_sends_back_to_login_with_next(client, clerk):
    client.force_login(clerk)
    client.cookies[live_settings.SESSION_COOKIE_NAME] = "expired-or-unknown-session"
    response = client.get(reverse("core:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_post_without_csrf_token_is_refused_and_changes_nothing(signed_by_clerk, inspector):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(inspector)
    response = csrf_client.post(reverse("core:document-sign", args=[signed_by_clerk.pk]))
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.current_step == 2


@pytest.mark.parametrize(
    ("language", "expected"), [("en", 'lang="en"'), ("zh-hans", 'lang="zh-hans"')]
)
def test_language_switch_changes_the_page_language(client, clerk, language, expected):
    client.force_login(clerk)
    response = client.post(
        reverse("set_language"), {"language": language, "next": "/"}, follow=True
    )
    assert expected in response.content.decode()


def test_password_change(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("a-new-long-password-9")


def test_logout_needs_post_and_ends_the_session(client, clerk):
    client.force_login(clerk)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, clerk):
    client.force_login(clerk)
    body = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'lang="en"' in body
