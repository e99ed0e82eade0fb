"""django-q2's own admin pages, with what can reach a partner or run code behind a permission.

- Resubmitting a task runs it again, and a task may submit orders or call a partner: it needs the permission
  "Can resubmit queue tasks", and who resubmitted what is kept in the admin's history (the task itself still
  acts as whoever started it: a job's person, or its schedule).
- A schedule names any importable function and its arguments: only a superuser adds one or changes what it
  runs; staff with the change permission change its timing only (`setup_schedules` keeps their timing).
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext
from django_q import admin as q_admin
from django_q.models import Failure, Schedule, Success

from backoffice.cells import cut, cut_column
from backoffice.stored_texts import in_english

RESUBMIT_PERMISSION = "backoffice.resubmit_tasks"


@admin.action(description=_("Resubmit selected tasks to queue"), permissions=["resubmit"])
def resubmit_tasks(modeladmin, request, queryset):
    tasks = list(queryset)
    for task in tasks:
        modeladmin.log_change(request, task, in_english(N_("Resubmitted %(task)s to the queue.") % {"task": task.func}))
    q_admin.resubmit_task(modeladmin, request, queryset)
    modeladmin.message_user(request, ngettext("%(count)d task queued again.", "%(count)d tasks queued again.",
                                              len(tasks)) % {"count": len(tasks)})


class FitsTheScreen:
    """Task and schedule names and dotted functions run long: cut in the list, whole on hover (lists.css)."""

    class Media:
        css = {"all": ["backoffice/lists.css"]}

    name_cell = cut_column("name", _("name"), width="l")
    func_cell = cut_column("func", _("function"), width="m")
    group_cell = cut_column("group", _("group"), width="s")


class ResubmitNeedsPermission(FitsTheScreen):
    actions = [resubmit_tasks]

    def has_resubmit_permission(self, request):
        return request.user.has_perm(RESUBMIT_PERMISSION)


class FailureAdmin(ResubmitNeedsPermission, q_admin.FailAdmin):
    list_display = ["name_cell", "group_cell", "func_cell", "started", "stopped", "result_cell"]
    list_display_links = ["name_cell"]

    @admin.display(description=_("result"))
    def result_cell(self, obj):
        """A failure's result is a traceback: its last line says what went wrong (the page has the rest)."""
        lines = [line for line in str(obj.result or "").splitlines() if line.strip()]
        return cut(lines[-1] if lines else "", width="l")


class SuccessAdmin(ResubmitNeedsPermission, q_admin.TaskAdmin):
    list_display = ["name_cell", "group_cell", "func_cell", "started", "stopped", "time_taken"]
    list_display_links = ["name_cell"]


class ScheduleAdmin(FitsTheScreen, q_admin.ScheduleAdmin):
    WHAT_RUNS = ["name", "func", "hook", "args", "kwargs", "cluster"]
    list_display = ["id", "name_cell", "func_cell", "schedule_type", "repeats", "next_run", "last_run_cell",
                    "get_success"]
    list_display_links = ["id", "name_cell"]

    @admin.display(description=_("last run"))
    def last_run_cell(self, obj):
        return format_html('<span class="cut cut-s" title="{}">{}</span>', obj.task_name,
                           self.get_last_run(obj)) if obj.task_name else "–"

    @admin.display(description=_("last run"))
    def get_last_run(self, obj):  # django-q2 heads this column "last_run"
        return super().get_last_run(obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, *self.WHAT_RUNS]


for model, model_admin in [(Failure, FailureAdmin), (Success, SuccessAdmin), (Schedule, ScheduleAdmin)]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
