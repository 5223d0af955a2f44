"""How staff are named on admin screens: full name (Vietnamese order, as entered), else the username."""

from django import forms


def full_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


class UserChoiceField(forms.ModelChoiceField):
    """A choice of user that lists people by full name."""

    def label_from_instance(self, obj):
        return full_name(obj)
