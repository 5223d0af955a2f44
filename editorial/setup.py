"""Set-up run by `bootstrap_site`: moderation tasks and workflows, the intranet section, staff documents.

Idempotent like the rest of the bootstrap: it looks things up by name or slug and creates only what is
missing; an assignment an administrator changed in the admin is left as it is.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.staff import STAFF_GROUPS
from core.bootstrap import APPROVERS, EDITORS, REVIEWERS, ensure_child
from core.families import family_of, sections
from editorial.models import IntranetIndexPage, SecondPairOfEyesApprovalTask
from editorial.upstream import submit_translation_permission

REVIEW_TASK = "Ban truyền thông duyệt"
APPROVAL_TASK = "Ban giám hiệu phê duyệt"
NEWS_WORKFLOW = "Tin bài, gương người tốt việc tốt"
STRICT_WORKFLOW = "Văn bản, thông báo thi, tin phản bác (duyệt lại khi sửa)"
INTRANET_WORKFLOW = "Trang nội bộ"

TRANSLATORS = [EDITORS, REVIEWERS, APPROVERS]

INTRANET_SLUG = "noi-bo"
INTRANET_TITLE = "Nội bộ"
INTRANET_COLLECTION = "Nội bộ"
# Who may read the intranet and the staff-only documents: staff and above.
INTRANET_GROUPS = STAFF_GROUPS


def strict_sections():
    """Slugs (Vietnamese and English) of the sections whose pages go through the strict workflow: those holding only
    pages of families that need re-approval after any edit (`PageFamily.reapproval` is True: policies, exam
    notices). News articles are decided one by one (rebuttals), so the news section keeps the news workflow."""
    slugs = []
    for index_model, section in sections():
        families = [family_of(model) for model in index_model.allowed_subpage_models()]
        if families and all(family is not None and family.reapproval is True for family in families):
            slugs += [section.slug, section.en_slug]
    return slugs


def ensure_task(name, groups):
    task = SecondPairOfEyesApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = SecondPairOfEyesApprovalTask.objects.create(name=name)
        task.groups.set(groups)
    return task


def ensure_workflow(name, tasks):
    workflow, created = Workflow.objects.get_or_create(name=name)
    if created:
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def assign(page, workflow):
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


def ensure_restriction(model, groups, **target):
    restriction = model.objects.filter(restriction_type=model.GROUPS, **target).first()
    if restriction is None:
        restriction = model.objects.create(restriction_type=model.GROUPS, **target)
        restriction.groups.set(groups)
    return restriction


@transaction.atomic
def ensure_editorial(home, home_en, groups):
    review = ensure_task(REVIEW_TASK, [groups[REVIEWERS]])
    approval = ensure_task(APPROVAL_TASK, [groups[APPROVERS]])
    news = ensure_workflow(NEWS_WORKFLOW, [review, approval])
    strict = ensure_workflow(STRICT_WORKFLOW, [review, approval])
    intranet_workflow = ensure_workflow(INTRANET_WORKFLOW, [review])

    # The news workflow covers everything under each home page unless a section has its own.
    for root in (home, home_en):
        assign(root, news)
        for section in root.get_children().filter(slug__in=strict_sections()):
            assign(section, strict)

    intranet_groups = [groups[name] for name in INTRANET_GROUPS]
    intranet = ensure_child(home, IntranetIndexPage, INTRANET_SLUG, INTRANET_TITLE, show_in_menus=False)
    ensure_restriction(PageViewRestriction, intranet_groups, page=intranet)
    assign(intranet, intranet_workflow)

    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=INTRANET_COLLECTION).first()
    if collection is None:
        collection = root_collection.add_child(instance=Collection(name=INTRANET_COLLECTION))
    ensure_restriction(CollectionViewRestriction, intranet_groups, collection=collection)

    # The principal's office reviews the direct publications report.
    groups[APPROVERS].permissions.add(
        Permission.objects.get(content_type__app_label="editorial", codename="view_directpublication")
    )
    # The editorial groups translate pages and sync translations; what they translate is published
    # through the same workflows (editorial/translations.py).
    translate = submit_translation_permission()
    for name in TRANSLATORS:
        groups[name].permissions.add(translate)
    return {"workflows": [news, strict, intranet_workflow], "intranet": intranet, "collection": collection}
