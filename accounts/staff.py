"""Who is staff: the one definition every app uses (the intranet, search, the work schedule, disclosure).

Staff are the superusers and the members of the four staff groups (teachers and staff, editors, the
communications board, the principal's office): the groups `bootstrap_site` lets read the intranet and its
documents. Belonging to some other group, or merely being signed in, does not make a user staff.
"""

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, STAFF

STAFF_GROUPS = [STAFF, EDITORS, REVIEWERS, APPROVERS]


def is_staff(user):
    """True for a signed-in superuser or member of a staff group."""
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()
