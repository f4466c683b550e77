"""The demo county: fictional places with realistic names, officials at every tier, some cases.

Everything is derived from fixed lists and a seeded random generator, so `demo_accounts()`
can print the accounts without touching the database and every load gives the same county.
"""
import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.models import RoleGrant, User
from server.auth.passwords import hash_password
from server.case import rules as case_rules
from server.case.demo_reviews import load_review_road
from server.case.models import Case, CaseEvent, CaseStatus, Channel, Petitioner
from server.dates import utcnow
from server.evaluation.demo import load_demo_evaluation
from server.screening.demo import load_demo_screening
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel

DEMO_PASSWORD = "Demo@2026"

PROVINCE = ("990000", "江淮省")
CITY = ("990100", "青川市")
COUNTY = ("990122", "枞溪县")
TOWNSHIPS = [
    "城关镇", "柳河镇", "白石乡", "青龙镇", "桃源乡", "金牛镇", "双塘镇", "莲花乡", "石门镇", "汤沟镇",
]
VILLAGES = [
    "东风村", "红旗村", "新华村", "李家湾村", "王庄村", "张岗村", "柳林社区",
    "杨树村", "石桥村", "高塘村", "五里墩村", "黄泥村", "竹园村", "枫桥村",
    "河口村", "梨园村", "双河村", "新塘村", "老街社区", "花园村", "周岗村",
    "陈圩村", "刘庄村", "吴店村", "赵湾村", "孙集村", "马岭村", "胡桥村",
    "徐庄村", "朱楼村", "林场村", "方塘村", "汪冲村", "阮湾村", "钱桥村",
    "金山村", "银河村", "龙潭村", "凤凰村", "青山村", "白沙村", "桂花村",
    "荷塘村", "杏花村", "长岭村", "团结村", "胜利村", "和平村", "光明村",
    "幸福村", "民主村", "前进村", "向阳村", "永丰村", "永安村", "太平村",
    "大桥村", "小河村", "南圩村", "北埂村", "西湖村", "东湖村", "中心社区",
    "建设社区", "复兴村", "三合村", "四方村", "六安村", "七里村", "八里村",
]
VILLAGES_PER_TOWNSHIP = 7
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = [
    "建国", "秀英", "桂兰", "志强", "海燕", "红梅", "德胜", "玉珍", "春生", "金花", "永红", "国庆",
    "文华", "丽娟", "明亮", "小平", "淑芬", "卫东", "晓燕", "长江", "爱华", "振华", "美玲", "俊杰",
]
MATTERS = [
    ("土地承包经营权纠纷", "村民反映二轮延包时承包地面积登记有误，与邻户地界存在争议，请求重新丈量确权。"),
    ("拖欠农民工工资", "在本地建筑工地务工，工程完工后包工头拖欠工资至今未付，请求协调追讨。"),
    ("宅基地界址争议", "与邻居因宅基地界址发生争议，对方新建围墙占用通行道路，多次协商未果。"),
    ("征地补偿款分配异议", "对村集体征地补偿款分配方案有异议，认为外嫁女未享受同等待遇。"),
    ("邻里排水纠纷", "邻户改建房屋后雨水直排我家院内，造成墙体受潮开裂，请求调解。"),
    ("低保评定异议", "家中老人长期患病无劳动能力，申请低保未获通过，请求说明理由并复核。"),
    ("道路施工扬尘扰民", "村道硬化施工期间扬尘严重，影响周边住户生活，请求督促施工方落实降尘措施。"),
    ("养殖场异味扰民", "村旁新建养猪场异味和污水影响周边居民生活，请求有关部门核查处理。"),
    ("房屋漏水物业纠纷", "小区房屋顶层漏水，物业公司推诿维修责任，请求协调处理。"),
    ("农村饮水安全问题", "自来水水压不足，高峰时段经常停水，请求改造管网。"),
    ("林权证办理", "家中自留山林权证多年未办理，请求协助办理林权登记。"),
    ("山塘承包合同纠纷", "村集体山塘承包合同到期后重新发包程序不公开，请求公开招标。"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    unit_path: str
    unit_level: UnitLevel


def _path(*codes: str) -> str:
    return "/" + "/".join(codes)


def _township_code(t: int) -> str:
    return f"{t + 1:03d}"


def _village_code(v: int) -> str:
    return f"{v + 1:03d}"


def demo_accounts() -> list[DemoAccount]:
    rng = random.Random(20261123)

    def person() -> str:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    county_path = _path(PROVINCE[0], CITY[0], COUNTY[0])
    accounts = [
        DemoAccount("admin", "平台管理员", "platform_admin", _path(PROVINCE[0]), UnitLevel.PROVINCE),
        DemoAccount("city_reviewer", person(), "city_reviewer", _path(PROVINCE[0], CITY[0]), UnitLevel.CITY),
        DemoAccount("xfj_leader", person(), "county_leader", county_path, UnitLevel.COUNTY),
        DemoAccount("xfj_officer", person(), "county_officer", county_path, UnitLevel.COUNTY),
        DemoAccount("assessor", person(), "assessor", county_path, UnitLevel.COUNTY),
    ]
    for t in range(len(TOWNSHIPS)):
        t_path = f"{county_path}/{_township_code(t)}"
        accounts.append(DemoAccount(f"t{t + 1:02d}_leader", person(), "township_leader", t_path, UnitLevel.TOWNSHIP))
        accounts.append(DemoAccount(f"t{t + 1:02d}_officer", person(), "township_officer", t_path, UnitLevel.TOWNSHIP))
        for v in range(VILLAGES_PER_TOWNSHIP):
            v_path = f"{t_path}/{_village_code(v)}"
            accounts.append(
                DemoAccount(f"t{t + 1:02d}v{v + 1:02d}", person(), "village_clerk", v_path, UnitLevel.VILLAGE)
            )
    # Administrators of accounts (and, for the county, of the unit tree and settings).
    accounts.append(DemoAccount("xfj_admin", person(), "county_admin", county_path, UnitLevel.COUNTY))
    accounts.append(
        DemoAccount("t01_admin", person(), "township_admin", f"{county_path}/{_township_code(0)}", UnitLevel.TOWNSHIP)
    )
    # Invited public raters (两代表一委员, 居民代表) and the province's reviewer, for the annual review.
    accounts += [
        DemoAccount("rater01", "人大代表 周建华", "public_rater", county_path, UnitLevel.COUNTY),
        DemoAccount("rater02", "居民代表 何秀英", "public_rater", county_path, UnitLevel.COUNTY),
        DemoAccount("province_reviewer", "省信访局 审核员", "province_reviewer", _path(PROVINCE[0]), UnitLevel.PROVINCE),
    ]
    return accounts


async def is_loaded(db_session: AsyncSession) -> bool:
    return bool(await db_session.scalar(select(func.count()).select_from(Unit)))


async def load_demo(db_session: AsyncSession, *, cases_per_village: int = 3) -> bool:
    """Load the demo county into an empty database. Returns False if units already exist."""
    if await is_loaded(db_session):
        return False
    province = Unit(level=UnitLevel.PROVINCE, code=PROVINCE[0], name=PROVINCE[1], path=_path(PROVINCE[0]))
    db_session.add(province)
    await db_session.flush()
    city = Unit(
        level=UnitLevel.CITY, code=CITY[0], name=CITY[1], parent_id=province.id, path=_path(PROVINCE[0], CITY[0])
    )
    db_session.add(city)
    await db_session.flush()
    county = Unit(
        level=UnitLevel.COUNTY, code=COUNTY[0], name=COUNTY[1], parent_id=city.id,
        path=_path(PROVINCE[0], CITY[0], COUNTY[0]),
    )
    db_session.add(county)
    await db_session.flush()
    county.tenant_id = county.id
    db_session.add(Tenant(id=county.id, settings=TenantSettings().to_json()))

    by_path = {u.path: u for u in (province, city, county)}
    villages: list[Unit] = []
    for t, t_name in enumerate(TOWNSHIPS):
        township = Unit(
            tenant_id=county.id, parent_id=county.id, level=UnitLevel.TOWNSHIP,
            code=_township_code(t), name=t_name, path=f"{county.path}/{_township_code(t)}",
        )
        db_session.add(township)
        await db_session.flush()
        by_path[township.path] = township
        for v in range(VILLAGES_PER_TOWNSHIP):
            village = Unit(
                tenant_id=county.id, parent_id=township.id, level=UnitLevel.VILLAGE,
                code=_village_code(v), name=VILLAGES[t * VILLAGES_PER_TOWNSHIP + v],
                path=f"{township.path}/{_village_code(v)}",
            )
            db_session.add(village)
            villages.append(village)
    await db_session.flush()
    by_path.update({v.path: v for v in villages})

    # One hash for every demo account: Argon2 is slow on purpose, and these share a password.
    password_hash = hash_password(DEMO_PASSWORD)
    users_by_unit: dict[int, list[User]] = {}
    for account in demo_accounts():
        unit = by_path[account.unit_path]
        user = User(
            tenant_id=unit.tenant_id, unit_id=unit.id, username=account.username,
            display_name=account.display_name, password_hash=password_hash,
        )
        db_session.add(user)
        await db_session.flush()
        db_session.add(RoleGrant(tenant_id=unit.tenant_id, user_id=user.id, role=account.role, unit_id=unit.id))
        users_by_unit.setdefault(unit.id, []).append(user)

    await _demo_cases(db_session, villages, users_by_unit, cases_per_village)
    road_village = by_path[f"{county.path}/{_township_code(8)}/{_village_code(6)}"]  # 石门镇
    road_township = by_path[road_village.path.rsplit("/", 1)[0]]
    county_officer = next(u for u in users_by_unit[county.id] if u.username == "xfj_officer")
    await load_review_road(
        db_session, village=road_village, township=road_township, county=county, city=city,
        clerk=users_by_unit[road_village.id][0], township_officer=users_by_unit[road_township.id][1],
        county_officer=county_officer,
    )
    await load_demo_screening(db_session)
    await load_demo_evaluation(db_session, password_hash)
    await db_session.commit()
    return True


async def _demo_cases(
    db_session: AsyncSession, villages: list[Unit], users_by_unit: dict[int, list[User]], per_village: int
) -> None:
    rng = random.Random(7)
    settings = TenantSettings()
    now = utcnow()
    for village in villages:
        clerk = users_by_unit[village.id][0]
        township_users = users_by_unit[village.parent_id]
        for _ in range(per_village):
            title, content = rng.choice(MATTERS)
            registered_at = now - dt.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
            accept_due = case_rules.accept_due_at(registered_at, settings)
            status = rng.choice([CaseStatus.REGISTERED, CaseStatus.REGISTERED, CaseStatus.ACCEPTED])
            case = Case(
                tenant_id=village.tenant_id, unit_id=village.id, unit_path=village.path,
                handler_unit_id=village.parent_id, handler_unit_path=village.path.rsplit("/", 1)[0],
                registered_by_unit_id=village.id,
                registered_by_user_id=clerk.id, query_code=case_rules.new_query_code(),
                channel=rng.choice(list(Channel)), title=title, content=content,
                headcount=rng.choice([1, 1, 1, 2, 3, 6]), status=status,
                registered_at=registered_at, accept_due_at=accept_due,
            )
            if status == CaseStatus.ACCEPTED:
                case.accepted_at = registered_at + dt.timedelta(days=rng.randint(1, 5))
                case.handle_due_at = case_rules.handle_due_at(case.accepted_at, settings)
                case.leader_id = township_users[0].id
            case.due_at = case_rules.running_deadline(status, case.accept_due_at, case.handle_due_at)
            case.petitioners = [
                Petitioner(
                    tenant_id=village.tenant_id, position=0,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
                )
            ]
            db_session.add(case)
            await db_session.flush()
            db_session.add(CaseEvent(
                tenant_id=case.tenant_id, case_id=case.id, kind="REGISTERED", at=registered_at, actor_id=clerk.id,
            ))
            if case.accepted_at:
                db_session.add(CaseEvent(
                    tenant_id=case.tenant_id, case_id=case.id, kind="ACCEPTED", at=case.accepted_at,
                    actor_id=township_users[1].id,
                ))
