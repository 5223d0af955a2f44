"""The signals of accounts/, connected by `AccountsConfig.ready()`: a failed sign-in counts towards the brake."""

from django.contrib.auth.signals import user_login_failed

from accounts.signin import record_login_failure


def connect():
    user_login_failed.connect(record_login_failure, dispatch_uid="accounts.signin.record_login_failure")
