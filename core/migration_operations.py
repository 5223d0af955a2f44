"""Operations shared by the migrations that move models from one app to another (docs/architecture.md, "Moving a
model to another app"): the tables stay, Django's state moves, and the content types are renamed, not recreated."""

from django.db import migrations


def rename_content_types(old_app, moved):
    """A reversible RunPython that renames the content types of `moved` ({new app: [model names]}) from `old_app`
    to their new app, so that pages, revisions, permissions, search index rows and anything else holding a
    content type id keep pointing at them."""

    def move(apps, schema_editor, forward=True):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Page = apps.get_model("wagtailcore", "Page")
        types = ContentType.objects.using(schema_editor.connection.alias)
        for app_label, models in moved.items():
            old, new = (old_app, app_label) if forward else (app_label, old_app)
            for model in models:
                moving = types.filter(app_label=old, model=model).first()
                if moving is None:
                    continue  # a new database: the content types are made after migrate, under the new app
                # A partial migrate (`migrate <new app>` alone) may have made an empty one already under the new
                # name: the old one carries the pages, rows and permissions, so it wins.
                types.filter(app_label=new, model=model).exclude(pk__in=Page.objects.values("content_type")).delete()
                moving.app_label = new
                moving.save(update_fields=["app_label"])
        ContentType.objects.clear_cache()

    def move_back(apps, schema_editor):
        move(apps, schema_editor, forward=False)

    return migrations.RunPython(move, move_back)
