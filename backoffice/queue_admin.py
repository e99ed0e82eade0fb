"""django-q2's own admin pages, with what can reach a partner or run code behind a permission.

- Resubmitting a task runs it again, and a task may submit orders or call a partner: it needs the permission
  "Can resubmit queue tasks", and who resubmitted what is kept in the admin's history (the task itself still
  acts as whoever started it: a job's person, or its schedule).
- A schedule names any importable function and its arguments: only a superuser adds one or changes what it
  runs; staff with the change permission change its timing only (`setup_schedules` keeps their timing).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_q import admin as q_admin
from django_q.models import Failure, Schedule, Success

RESUBMIT_PERMISSION = "backoffice.resubmit_tasks"


@admin.action(description="Resubmit selected tasks to queue", permissions=["resubmit"])
def resubmit_tasks(modeladmin, request, queryset):
    tasks = list(queryset)
    for task in tasks:
        modeladmin.log_change(request, task, f"Resubmitted {task.func} to the queue.")
    q_admin.resubmit_task(modeladmin, request, queryset)
    modeladmin.message_user(request, f"{len(tasks)} task{'s' if len(tasks) != 1 else ''} queued again.")


class ResubmitNeedsPermission:
    actions = [resubmit_tasks]

    def has_resubmit_permission(self, request):
        return request.user.has_perm(RESUBMIT_PERMISSION)


class FailureAdmin(ResubmitNeedsPermission, q_admin.FailAdmin):
    pass


class SuccessAdmin(ResubmitNeedsPermission, q_admin.TaskAdmin):
    pass


class ScheduleAdmin(q_admin.ScheduleAdmin):
    WHAT_RUNS = ["name", "func", "hook", "args", "kwargs", "cluster"]

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
