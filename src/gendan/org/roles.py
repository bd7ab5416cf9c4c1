"""The roles (岗位) named in the seed documents (DOMAIN.md, "Roles that appear")."""

SEED_ROLES = [
    ("clerk", "转序员", "Transfer clerk"),
    ("merchandiser", "跟单员", "Merchandiser"),
    ("inspector", "检查员", "Inspector"),
    ("workshop_director", "车间主任", "Workshop director"),
    ("team_leader", "班长", "Team leader"),
    ("operator", "操作者", "Operator"),
    ("storekeeper", "保管员", "Storekeeper"),
    ("chief_storekeeper", "总保管", "Chief storekeeper"),
    ("statistician", "统计员", "Production statistician"),
    ("workshop_accountant", "车间核算员", "Workshop accountant"),
    ("cost_accountant", "成本会计", "Cost accountant"),
    ("material_accountant", "材料会计", "Material accountant"),
    ("purchaser", "采购员", "Purchaser"),
    ("outsourcing_coordinator", "外协员", "Outsourcing coordinator"),
    ("sales_manager", "内销部经理", "Sales manager"),
    ("order_taker", "下单员", "Order taker"),
    ("logistics", "物流部", "Logistics"),
    ("auditor", "稽核专员", "Auditor"),
    ("followup_lead", "核单组长", "Follow-up team lead"),
    ("qc", "质管部", "QC department"),
    ("marketing", "营销部", "Marketing and sales"),
    ("factory", "工厂", "Contracted factory"),
]


# ---------------------------------------------------------------- docs/permissions.md
def permission_markdown():
    """docs/permissions.md, generated from the permission matrix (core.permissions):
    one table per object type, a row per role that may act on it, in Chinese."""
    from gendan.core import permissions as matrix

    names = {code: name for code, name, _english in SEED_ROLES}
    lines = [
        "# 权限矩阵（Permission matrix）",
        "",
        "本文件由 `python -m gendan permissions --write docs/permissions.md` 从",
        "`src/gendan/core/permissions.py` 生成，请勿手改；测试会在它过期时失败。",
        "",
        "范围：**全部** — 不论授权范围；**本车间/本库** — 授权所在的车间或仓库，授权于全厂则全部；",
        "**仅本人的** — 见各表下的说明。管理员在岗位页面给岗位加上的 Django 权限（见“对应权限”）在全厂授权时视为全部。",
        "",
    ]
    for object_type, object_name in matrix.OBJECT_TYPES.items():
        lines += _object_table(matrix, names, object_type, object_name)
    return "\n".join(lines).rstrip() + "\n"


def _object_table(matrix, names, object_type, object_name):
    actions = [
        action
        for action in matrix.ACTIONS
        if any(key[1:] == (object_type, action) for key in matrix.MATRIX)
    ]
    lines = [f"## {object_name}（`{object_type}`）", ""]
    header = ["岗位", "代码", *(matrix.ACTIONS[action] for action in actions)]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for role in (matrix.ANY_ROLE, *matrix.ROLES):
        cells = [_reach_cell(matrix, role, object_type, action) for action in actions]
        if not any(cells):
            continue
        role_name = "任何人" if role == matrix.ANY_ROLE else names.get(role, role)
        lines.append("| " + " | ".join([role_name, f"`{role}`", *cells]) + " |")
    permissions = [
        f"{matrix.ACTIONS[action]}：`{matrix.PERMISSIONS[(object_type, action)]}`"
        for action in actions
        if (object_type, action) in matrix.PERMISSIONS
    ]
    lines.append("")
    if object_type in matrix.OWN_MEANS:
        lines += [f"仅本人的：{matrix.OWN_MEANS[object_type]}。", ""]
    if permissions:
        lines += ["对应权限：" + "；".join(permissions) + "。", ""]
    return lines


def _reach_cell(matrix, role, object_type, action):
    level = matrix.MATRIX.get((role, object_type, action))
    return matrix.REACH_NAMES[level] if level else ""


def permissions_command(argv):
    """`gendan permissions [--write PATH]`: print docs/permissions.md, or write it."""
    text = permission_markdown()
    if argv[:1] == ["--write"] and len(argv) == 2:
        with open(argv[1], "w", encoding="utf-8") as target:
            target.write(text)
        print(f"wrote {argv[1]}")
        return 0
    if argv:
        print("usage: gendan permissions [--write docs/permissions.md]")
        return 2
    print(text, end="")
    return 0
