"""The wording every site's summary starts with: the seed's sentences (a district bureau's 2006
work summary), with named figures where the seed has figures. Chinese data, stored in the
database on first use (``summary_texts_ensure``) and the office's to edit from then on; not
interface text, so not translated.

Where the seed's sentence rests on a figure no metric gives (每天安排3班保安), the words stay and
the figure goes. The seed's own title, a slogan, is kept as ``SEED_TITLE``; the default title
names the year (the demo gives its main site the seed's slogan)."""

from __future__ import annotations

from typing import NamedTuple

from houqin.reports.choices import SummaryPart as P
from houqin.reports.choices import SummaryTextKind as K

SEED_TITLE = "以人为本 强化职能 促进机关后勤工作协调发展"
# Who reports in the summary of all sites, when the installation does not name itself.
INSTALLATION_NAME = "机关事务管理局"


class Default(NamedTuple):
    key: str
    part: str
    kind: str
    lead: str
    template: str


SECURITY = (
    "“安全无小事，责任重于泰山”，为了预防安全事故发生，认真落实24小时值班执勤制度"
    "[，全年安排值班{security.duty_assignments|数}人次]，严格执行外来人员出入登记制度，"
    "建立登记台帐，严把外来人员出入关[，全年登记来访人员{security.visitor_registrations|数}人次]"
    "[，{security.visitor_registrations|同比}]；每天安排保安对机关大院进行昼夜巡逻"
    "[，全年完成巡逻{security.patrol_rounds|数}轮次]，在特防期由中层以上领导带班巡逻，"
    "加强安全保卫力量，扩大安全防范覆盖面，同时将值班巡逻与电视监控有机结合，构筑立体安全防范网络，"
    "并采取人机联动方式排查安全隐患[，排查发现安全隐患{security.hazards_found|数}处]"
    "[、整改销号{security.hazards_rectified|数}处]，确保机关安全。"
    "[{年份}年来，{单位}{security.criminal_cases|为零}{security.safety_accidents|为零}"
    "未发生一起刑事案件和安全责任事故。]"
    "[{年份}年，发生刑事案件{security.criminal_cases|数}起{security.criminal_cases|非零}。]"
    "[{年份}年，发生安全责任事故{security.safety_accidents|数}起{security.safety_accidents|非零}。]"
)
SANITATION = (
    "借创建省级卫生文明单位的东风，扎实开展爱国卫生运动，实现人居环境大改善。"
    "针对园林绿化效果欠佳问题，创新管理方式，聘请专职人员签订承包合同，实行规范化、专业化管理，"
    "做到机关大院绿化植物生机盎然、成型规范[，绿化月度验收平均得分{environment.greening_score|数}分]；"
    "针对卫生保洁难以持之以恒问题，采取分区划片、责任到人、严格督查的管理方式"
    "[，全年督查保洁区域{environment.zone_inspections|数}次][，合格率达{environment.zone_pass_rate}]，"
    "确保办公大楼及机关大院整齐干净，无卫生死角[；开展病媒生物消杀{environment.control_actions|数}次]，"
    "机关大院“四害”密度一直控制在国家标准以内"
    "[，鼠、蚊、蝇、蟑螂密度控制水平分别为{environment.rodent_control_level}、"
    "{environment.mosquito_control_level}、{environment.fly_control_level}、"
    "{environment.cockroach_control_level}，各项指标均达标]。"
)
OUTREACH = (
    "以创建“省级科普文明大院活动”为契机，积极引导干部职工及院内居民崇尚科学、反对愚昧，"
    "建立文明、健康、科学、和谐的生活方式。围绕创建活动的开展，制定科普文明大院制度，"
    "组建科普志愿者队伍；[安排专款{outreach.investment_yuan}，]建立机关大院科普活动中心，"
    "建起[藏书{outreach.library_books|数}册的]科普图书室，建立由专家接待的健康咨询室，"
    "制作规格比较高的科普宣传橱窗和宣传栏。大力开展科普活动"
    "[，出宣传专栏{outreach.publicity_issues|数}期][，发放宣传资料{outreach.materials_distributed|余}]"
    "[，借阅科普图书达{outreach.library_loans|数}人次]"
    "[，提供健康咨询达{outreach.health_consultations|数}人次]，极大地提高了干部职工及居民文明素质。"
)
FACILITIES = (
    "针对机关综合办公大楼机电设施多，科技含量高的实际情况，建立健全了设施故障隐患排查、维修制度，"
    "注重服务设施日常管理，发现故障隐患及时解决[，全年受理维修工单{facilities.work_orders_opened}]"
    "[、办结{facilities.work_orders_closed}]，切实保障服务设施始终处于良好的运行状态。"
    "[全年实现中央空调安全运行{facilities.run_shifts.central_ac|数}台班，]"
    "[电梯正常运行{facilities.run_shifts.elevator|数}台班，]"
    "[供水、配电、消防、电视监控安全运行{facilities.run_shifts.water_supply|数}班无事故目标。]"
)
ASSESSMENT = (
    "根据各服务岗位的工作特点制定相应的服务标准和服务考评制度，建立优质服务考核评估机制，"
    "采取服务依据标准提供，质量依据标准评定，考核依据标准进行的方式，把优质服务落到实处"
    "[，全年开展服务考评{services.evaluations|数}次][，服务满意率达{services.satisfaction_rate}]。"
    "[通过优质服务考核，确保了全年高质量的完成各类会议服务{services.meeting_services|数}场次]"
    "[，{services.meeting_services|同比}][；及时准确播放图文信息{services.display_messages}]。"
)
RELIEF = (
    "面对洪涝灾害，我办顾全大局，紧急动员"
    "[，在办公经费十分紧张的情况下捐款{relief.donations.organisation_yuan|多}]"
    "[，号召干部职工捐款{relief.donations.staff_yuan}][，衣物{relief.donations.clothing_items}]；"
    "并兵分几路，筹集抗洪物资，紧急采购[矿泉水{relief.supplies.water_bottles|余}、]"
    "[干粮{relief.supplies.dry_food_kg}、][防水彩条布{relief.supplies.tarpaulin_m2|数}平方米、]"
    "[编织袋{relief.supplies.woven_bags}]等抗洪救灾物资，及时运送到抗洪一线，"
    "为抗洪救灾提供了有力的后勤保障。"
)
PROCUREMENT = (
    "在全市率先成立政府采购中心以来，坚持采购程序公开、采购信息公开、采购招投标活动公开、"
    "采购结果公开等“四公开”服务原则，保障政府采购公开、公正、公平，实现预防腐败、节约财政资金目标。"
    "{年份}年，采购中心共完成采购业务{procurement.orders}[，{procurement.orders|同比}]"
    "[，完成采购预算金额{procurement.budget_yuan}][，采购合同金额{procurement.contract_yuan}]"
    "[，节约采购资金{procurement.savings_yuan}][，节资率达{procurement.savings_rate}]，"
    "取得了较好的社会效益和经济效益。"
)
TRAINING = (
    "以创建学习型机关为核心，强化全员素质建设，以永葆共产党员先进性和树立社会主义荣辱观为重点，"
    "加强作风建设，用先进的后勤管理服务理念武装后勤队伍，并利用为大型活动服务的机会，"
    "以及采取走出去、请进来的方式培训后勤人员[，全年举办培训{team.training_sessions|数}期]"
    "[，人均培训{team.training_hours_per_head|数}学时]，有效地提升了后勤人员的工作技能和水平，"
    "塑造出一支政治强、业务精、纪律严、作风正、会管理、善经营的机关后勤队伍。"
    "[{年份}年，机关后勤工作的经验作法在报刊上刊登推广{team.publications|数}篇。]"
    "[编纂{team.books|数}部志书，已定稿开印。]"
)
REGULATIONS = (
    "进一步修订和完善[{team.regulations_revised|数}项]规章制度[，新制定{team.regulations_new|数}项]，"
    "做到办事有规章，管理有制度，使后勤管理各方面的工作有条不紊，忙而不乱，工作效率得到很大提高。"
)
ENERGY = (
    "大力开展创建节约型机关宣传，健全创建节约型机关制度，落实节能降耗措施，"
    "加强节约用水、用电和办公用品管理，促进了管理水平上台阶。{年份}年，从节约一度电、一滴水、"
    "一张纸的小事做起，降低了机关运行成本，水电费和办公费与上年相比明显降低，"
    "节约费用达{energy.cost_savings_yuan}[，其中电费{energy.savings.electricity_yuan}]"
    "[、水费{energy.savings.water_yuan}][、办公用品费用{energy.savings.supplies_yuan}]。"
)

DEFAULTS: tuple[Default, ...] = (
    Default("title", P.OPENING, K.TITLE, "", "{年份}年机关后勤工作总结"),
    Default(
        "opening",
        P.OPENING,
        K.OPENING,
        "",
        "{年份}年，机关后勤工作以优质服务、优良作风、优美环境，干部职工满意为目标，"
        "不断强化职能，提高服务保障水平，较好地推进了机关后勤工作协调发展"
        "[，{单位}先后荣获{荣誉}荣誉称号]。",
    ),
    Default(
        "environment.heading", P.ENVIRONMENT, K.HEADING, "", "充分发挥职能作用，营造和谐机关环境"
    ),
    Default(
        "environment.intro",
        P.ENVIRONMENT,
        K.INTRO,
        "",
        "建设安全、舒适、文明的和谐机关环境是新时期机关后勤工作的一项重要职能。"
        "我办认真履行职责，充分发挥职能作用，全力营造和谐机关环境。",
    ),
    Default(
        "environment.security", P.ENVIRONMENT, K.POINT, "构建安全防范网络，打造平安机关", SECURITY
    ),
    Default(
        "environment.sanitation",
        P.ENVIRONMENT,
        K.POINT,
        "开展爱国卫生运动，优化人居环境",
        SANITATION,
    ),
    Default(
        "environment.outreach", P.ENVIRONMENT, K.POINT, "创建科普文明大院，营造文明氛围", OUTREACH
    ),
    Default("services.heading", P.SERVICES, K.HEADING, "", "积极开展优质服务，强化服务保障功能"),
    Default(
        "services.intro",
        P.SERVICES,
        K.INTRO,
        "",
        "按照市委办的要求，扎实开展优质服务竞赛活动，并以此为载体，不断提升后勤服务保障功能。",
    ),
    Default(
        "services.facilities",
        P.SERVICES,
        K.POINT,
        "加强设施日常管理，保障服务设施正常运转",
        FACILITIES,
    ),
    Default(
        "services.assessment",
        P.SERVICES,
        K.POINT,
        "建立服务考核机制，保障优质服务落实到位",
        ASSESSMENT,
    ),
    Default("services.relief", P.SERVICES, K.POINT, "紧急动员抗洪救灾，提供有力后勤保障", RELIEF),
    Default(
        "services.procurement",
        P.SERVICES,
        K.POINT,
        "坚持“四公开”原则，实现政府采购规范高效",
        PROCUREMENT,
    ),
    Default("team.heading", P.TEAM, K.HEADING, "", "切实加强自身建设，提高后勤管理水平"),
    Default(
        "team.intro", P.TEAM, K.INTRO, "", "后勤工作千头万绪，复杂多样，必须打造一支高素质队伍。"
    ),
    Default("team.training", P.TEAM, K.POINT, "强化学习培训，提高队伍素质", TRAINING),
    Default("team.regulations", P.TEAM, K.POINT, "加强制度建设，规范后勤管理", REGULATIONS),
    Default("team.energy", P.TEAM, K.POINT, "强化节能措施，降低运行成本", ENERGY),
)
