"""Demo content for `bootstrap_site --demo` (and so `make run`); never needed in production.

Core makes the demo accounts (one or two per editorial group); every app adds its own content through the
Wagtail hook `site_lak_demo`: fn(home=..., home_en=...), registered in the app's wagtail_hooks.py and
defined in its demo.py, idempotent. The hooks run in the order the apps are installed.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail import hooks

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, STAFF

DEMO_PASSWORD = "thptlak-demo-2024"

# Each reviewing group has two members: nobody approves their own edit (editorial/staffing.py).
ACCOUNTS = [
    ("admin", "Quản trị", "Hệ thống", None),
    ("bientap", "Nguyễn Thị", "Hoa", EDITORS),
    ("truyenthong", "Trần Văn", "Minh", REVIEWERS),
    ("truyenthong2", "Võ Thị", "Hạnh", REVIEWERS),
    ("hieutruong", "Lê Văn", "Trị", APPROVERS),
    ("phohieutruong", "Đặng Văn", "Nam", APPROVERS),
    ("giaovien", "Phạm Thị", "Lan", STAFF),
]


def ensure_accounts():
    """The demo accounts, created if missing; returns [(username, password, group name)]."""
    User = get_user_model()
    accounts = []
    for username, first_name, last_name, group_name in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@thptlak.edu.vn",
                first_name=first_name,
                last_name=last_name,
                is_staff=group_name is None,
                is_superuser=group_name is None,
            )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        accounts.append((username, DEMO_PASSWORD, group_name or "administrator"))
    return accounts


def create_demo_content(home, home_en):
    """The demo accounts, then every app's demo content (`site_lak_demo`); returns the accounts."""
    accounts = ensure_accounts()
    for create in hooks.get_hooks("site_lak_demo"):
        create(home=home, home_en=home_en)
    return accounts
