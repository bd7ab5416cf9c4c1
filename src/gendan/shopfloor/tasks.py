"""The shop floor's background work (Huey finds this module); each part keeps its own."""

from gendan.shopfloor import (  # noqa: F401
    archive_tasks,
    assessment_tasks,
    equipment_tasks,
    flow_tasks,
    wip_tasks,
)
