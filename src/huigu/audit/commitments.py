"""Commitments: the concrete promises of a plan section, one item each.

A plan passage is cut into sentences and clauses; clauses that belong together
("地区生产总值增长20%，达到282亿元"; "投资2.5亿元，实施…项目") are joined into one item.
An item is a commitment when it is

* a **target**: an indicator with a quantity (地区生产总值增长5.5%左右, 城镇新增就业1200万人以上,
  建成8公里健身步道、2个百姓健身房) — number, unit, qualifier (左右 / 以上 / 以内 / 力争 …) and
  whether the number is a level, a growth rate or a decrease are parsed, Chinese numerals
  and 万 / 亿 included.  An enumeration under one verb stays one commitment with one
  target per indicator; separate clauses ("地区生产总值增长6%左右；一般公共预算收入增长6%")
  are separate commitments; or
* an **action**: a completion verb with a concrete object, or any verb with a named
  object (完成城西小学、杏花村小学改扩建任务, 出台《…条例》, 开通…线, 扶持康益药业…项目).

General exhortations (坚持以…为指导, 持续加强…建设), facts quoted for context (已达…),
five-year goals (到2025年…) and set phrases (全面建成小康社会) are left out.  Everything
here is pure text processing over passage records as the store keeps them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from huigu.audit.quantities import (  # noqa: F401
    MAGNITUDE,
    QUANTITY_RE,
    Quantity,
    _fmt,
    _tidy,
    find_quantities,
)
from huigu.audit.stages import highest_stage, stages_in
from huigu.lexicon.tables import toml_table
from huigu.text.cite import source_label
from huigu.text.glossary import opens_glossary_entry
from huigu.text.numerals import cn_to_number  # noqa: F401 (re-exported)
from huigu.text.normalize import nfkc
from huigu.text.numerals import arabic_years, year_spellings

_WORDS = toml_table("commitment_words.toml")  # the word lists people extend

# ── words ────────────────────────────────────────────────────────────────────

_SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?[”’」』）)]*")
_CLAUSE_SPLIT_RE = re.compile(r"[，：]|,(?!\d{3})|:(?!\d)")  # not inside 1,234,000元 or 10:30

EXHORTATION_VERBS = tuple(_WORDS["exhortation_verbs"])
STRONG_VERBS = tuple(_WORDS["strong_verbs"])
_NAMED_SUFFIX = tuple(_WORDS["named_suffixes"])
_NAMED_SUFFIX_SORTED = sorted(_NAMED_SUFFIX, key=len, reverse=True)
_GENERIC_WORDS = frozenset(_WORDS["generic_words"])
_GENERIC_SORTED = sorted(_GENERIC_WORDS, key=len, reverse=True)
_SET_PHRASES_RE = re.compile(
    r"全面建成小康社会|建成小康社会|决胜全面建成|全面建设社会主义现代化国家|现代化国家|中国特色社会主义|"
    r"习近平[^，。；]{0,20}思想|党的[^，。；]{0,12}精神|“[^”]{0,12}”(?=[^，。；]{0,4}(?:要求|理念|战略|意识|精神))")
_ABSTRACT_END_RE = re.compile(
    r"(?:社会|格局|体系|机制|制度|环境|氛围|局面|水平|能力|高地|强国|强省|强市|强区|强县|名城|之城|示范|典范|样板|"
    r"品牌|形象|目标|篇章|突破|成效|进展|台阶|高度|理念|意识|作用|优势|动能|活力|质量|效益|效能|保障|"
    r"思路|出路|底线|红线|主线|一线|防线|生命线|路线|路子|道路|战线|热线|专线|在线|上线|全线|沿线|界线|之路|"
    r"力度|步伐|进程|发展|工作|问题|领域|方面|文化|精神|作风|风气|导向|共识|合力|基础|短板|弱项|瓶颈|难题|"
    r"关系|秩序|安全|稳定|和谐|繁荣|振兴|转型|升级|融合|协同|联动|共享|开放|改革|创新|准备|契机|机遇|景观|体制)$")
_NAMED_BLACKLIST_RE = re.compile(r"^(?:各|全|本|该|其|这|那|一批|多个|若干|有关|相关|重点|重大|主要|骨干|龙头|新型|现代)")
_PAST_RE = re.compile(r"没有完成|未完成|未能|已(?!经?决定)(?:经|达|有|累计|建成|完成|实现|形成|取得|超过|与|同|向|被|基本|初步|批建|批复|获批|批准|开工的|"
                      r"由|从|提高|增长|增加|上升|降低|下降|占)|(?<![为除])了(?![解])|截至|(?<![从比较])去年(?!同期|超收)|上年度|"
                      r"过去(?:五|一|的)|五年来|一年来|年来|累计(?:完成|建成|实现|达到)")
_HORIZON_RE = re.compile(r"十[一二三四五六七八九]五|五年|三年行动|[两二三四]年(?:内|时间)|到本世纪|“十|2035|平均每年|每年平均|“?[六七八九]五”?(?:期间|时期)")
# a programme of several years that the plan year starts (开展农村人居环境整治三年行动): the start is this year's
_STARTS_PROGRAMME_RE = re.compile(r"^(?:全面)?(?:开展|启动|启动实施|组织实施)[^，。；到]{2,24}三年(?:攻坚)?行动$")
_HORIZON_YEAR_RE = re.compile(r"到((?:19|20)\d\d)年|((?:19|20)\d\d)年(?:前|底前|之前|以前)")
_TARGET_HEADER_RE = re.compile(r"(?:预期目标|主要目标|主要指标|目标任务|发展目标|目标是|目标为|主要任务是)")
_LEAD_RE = re.compile(
    r"^(?:(?:今年|明年|年内|全年|下半年|上半年|当年|全区|全市|全县|全省|全镇|全乡|全局|我局|我区|我市|我县|"
    r"要求|要|将|并|还|也|同时|其中|此外|另外|重点|着力|力争|争取|确保|努力|预计|计划|拟|基本|全面|再|继续|"
    r"进一步|加快|积极|主动|持续|以上|优先|逐步|有序|全力|大力|(?:另)?一方面|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|[一二三四五六七八九十]要(?=[\u4e00-\u9fff]{2})|"
    r"\d+[.、]|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、)\s*)+")
_TIME_PHRASE_RE = re.compile(r"(?:19|20)\d\d年(?:底前|底|前|内|末)?|秋季学期|春季学期|年底前|年底|年末|年内|上半年|下半年|[一二三四]季度|\d{1,2}月(?:底|份)?前?|"
                             r"今年|明年|全年|当年|每年|年度")
_CONTINUATION_RE = re.compile(
    r"^(?:同比|比上年|比去年|较上年|较去年|年均|分别|总量|规模|力争|其中|总数|总额|累计)?(?:增长|增加|下降|达到|达|突破|"
    r"提高|提升|降低|减少|上升|超过|控制在|保持在|占比|比重|总数|总量|总额|规模|(?:初步|拟)?(?:定为|确定为)(?=[\d百]))"
    # a comparison or a part that only the clause before gives a subject (fresh-10): 磷肥十九万六千吨，【分别比上一年
    # 增长…】; 共59个，【比现有的86个减少27个】; 新建…充电桩2万个以上，其中【农村1万个以上】
    r"|^(?:分别)?(?:比|较)(?:现有|原有|上一年|前一年|上年|去年)(?:的)?(?:[\d一二三四五六七八九十百千万亿两.,]+[^，。；\d]{0,2}?)?"
    r"(?:增长|增加|下降|减少|提高|降低|多|少)"
    r"|^(?:农村|城市|城镇|乡村|县域|县城|城区|市区|中西部|西部|东部)(?=[\d一二三四五六七八九十两][^，。；]{0,8}$)")
_INVESTMENT_RE = re.compile(r"^(?:总投资|计划投资|投资|投入|争取|安排|筹措)(?:资金)?[约近]?\d+(?:\.\d+)?[万亿]*元(?:左右|以上)?$")
_CAPACITY_FAMILIES = ("吨", "kw", "kwh", "m3", "标箱")
_FACILITY_AFTER_RE = re.compile(r"^(?:的)?[\u4e00-\u9fff]{0,6}?(?:矿|厂|电站|电厂|项目|生产线|机组|工程|基地|园区|光伏|[一二三]期|"
                                r"风电|储能|码头|泊位|管道)")
_NOT_COMMITMENT_START_RE = re.compile(r"^(?:是|这|这是|因此|同时要|如果|只要|只有|既要|既|凡|对于|关于|按照|根据|通过|"
                                      r"由于|因为|虽然|尽管|它|它们|比(?:19|20)\d\d年|比上年|比去年|"  # 由于目前在建规模偏大; 比1980年预计增加1,000万吨
                                      r"对[^，。；]{2,30}的(?:企业|单位|项目|地区|人员|产品)$|"  # 明年要对年综合能耗5万吨标准煤以上的企业: cut
                                      r"(?:扎实|认真)?(?:搞好|抓好|做好)[^，。；]+等(?:重点|重大)[\u4e00-\u9fff]{0,4}(?:工程|项目)(?:建设)?$|"
                                      r"(?:深入)?实施[\d一二三四五六七八九十]+[项大个](?:重大|重点)?(?:工程|行动|计划)$|"
                                      r"围绕|聚焦|面对|针对|坚持以|以习近平|深入学习|认真学习|学习贯彻|贯彻落实|"
                                      # facts and stances, not promises: 有些地方对…实行股份合作制; 现在全国…有四千万吨;
                                      # 主张在两个核大国率先停止试验…; 不与任何大国或国家集团结盟; 党的十四届三中全会制定的…
                                      r"有些|有的|现在(?!要|就|起|开始)|主张|不与|不同任何|党的|"
                                      # duties of others: 哲学社会科学工作者要深入研究…
                                      r"[\u4e00-\u9fff]{2,10}(?:工作者|者们|人员|同志们|同志)(?:要|应|应当|必须))")
_JOINED_NAMES_RE = re.compile(r"([\u4e00-\u9fff]{2})(?:与|和)([\u4e00-\u9fff]{2})(?=[\u4e00-\u9fff]{0,12}?(?:工程|项目))")
# a document to issue (出台《…条例》), not one to study or carry out (落实《中国共产党宣传工作条例》)
_DOCUMENT_TO_ISSUE_RE = re.compile(r"(?<!落实)(?<!贯彻)(?<!学习)(?<!执行)(?<!遵守)(?<!宣传)(?<!宣讲)(?<!对照)(?<!依据)(?<!按照)"
                                   r"(?<!认真实施)(?<!严格实施)(?<!贯彻实施)(?<!和)(?<!及)"
                                   r"《[^》]+(?:条例|办法|规定|规划|方案|意见|纲要|法|决定|计划|标准|细则|指南|清单|目录|规则)》")
_ORG_SUFFIX_RE = re.compile(r"(?:公司|集团|药业|股份|银行|控股|实业|科技园)$")
_ORG_QUALITY_END_RE = re.compile(r"(?:能力|水平|体制|职能|功能|作用|效益|质量|活力|实力|竞争力|地位|形象|环境|秩序|意识|观念)$")
_PURPOSE_RE = re.compile(r"^为(?:了|实现|确保|推动|加快|全面|进一步|此)|^以(?:保证|确保|解决|推动|促进|实现|提高|加快)")
# what a plan says that a later report cannot confirm: support and guidance for others
# (支持…组建创新联合体), means (采取…等办法), requirements on everyone (所有燃煤机组都要…),
# a framing (以…为抓手, 在…的基础上), a question, a statement about the country (我国以…)
_EXHORTATION_LEAD_RE = re.compile("^(?:" + "|".join(sorted(map(re.escape, EXHORTATION_VERBS), key=len, reverse=True)) + ")")
_NOT_A_PROMISE_RE = re.compile(
    r"^(?:支持|鼓励|引导|帮助|指导|拓展|优先保证|保证|保障|坚决|各地|各级|各类|各有关|凡是|难道|不反对|"
    r"我国(?!将|要)|我省为|我市为|我区为|我们必须|我们一定要|政府主要|深化|完善|从严|统筹推进|改革|"
    r"着重|有利于|上述|而|但是|但|其中[^，。；]{0,12}是|优先在|(?:认真|全面|严格)?(?:落实|贯彻|执行|遵守)|严守|"
    r"[^，。；]{1,12}的是[一二三四五六七八九十百千万\d]|"
    # 在城市更新…中鼓励“房票”安置; 运用多种货币政策工具; 用好用足…利好政策; 当好…的“顶梁柱”
    r"在[^，。；]{2,30}中(?:鼓励|支持|引导)|在[^，。；]{2,30}中$|围绕[^，。；]{2,30}(?:目标|要求|任务)$|"
    # 苏联为我国设计的156个重要项目中 (a scope); 据中央八个工业部的统计 (a source); 有三十一个是煤矿 (a part of a list);
    # 大体上有四种类型, 两种体制同时并存 (a description)
    r"[^，。；]{2,30}(?:个|种|项|类)[^，。；]{0,12}中$|据[^，。；]{2,20}(?:统计|计算|测算|估计)$|有[^，。；]{1,6}(?:个|种|项|家)是|"
    r"[^，。；]{0,6}有[^，。；]{1,4}种(?:类型|形式|情况)$|[^，。；]{1,4}种[^，。；]{1,6}(?:同时)?并存$|[^，。；]{0,12}(?:运用|用好|用足)[^，。；]{0,40}(?:工具|手段|政策)$|[^，。；]{0,12}要当好)"
    r"|今后[一二三四五两\d]+年|未来[一二三四五两\d]+年"
    r"|本地区|本行业|本部门|不可能|政策措施$|配套政策$"
    r"|^所有[^，。；]{0,10}都要|(?:为抓手|为重点|为主线|为核心|为契机|为导向|为着力点|为突破口|的基础上|等办法|等方式|等措施|等手段)$|[吗呢]$"
    # fresh-3 precision sample: rules and prohibitions (严格控制扩建、新建办公楼; 尚未建设的不准开工), a principle
    # of use (新增国债投资首先用于在建项目), another body's duty (国务院有关部门要…), a remark (实现7%左右的增长速度
    # 并不容易), means and framings (综合运用…手段严把工程质量关; 在发展社会主义市场经济条件下制定中长期计划),
    # a law coming into force (《…行政许可法》今年7月1日将正式施行), handling and consolidating (妥善处理…问题;
    # 巩固和完善已出台的…措施), a vague aim (形成一批…大企业集团), a role (发挥好9个…中心服务功能)
    r"|^(?:严格控制|严禁|禁止|不准|不得|不许)|的不准|(?:一律|均)?不(?:准|得|许)(?:开工|上马|审批|新建)"
    r"|^[^，。；\d]{0,16}(?:首先|主要|优先)用于"
    r"|^(?:国务院)?(?:有关部门|各部门|各有关部门|各省|地方各级政府)(?:要|应|必须)"
    r"|(?:并不容易|很不容易|不容易|十分艰巨|相当艰巨|难度很大|任务很重|任务艰巨)$"
    r"|^(?:综合运用|运用|充分利用|充分运用|通过)[^，。；]{0,30}(?:手段|办法|方式|平台|途径|渠道)"
    r"|^在[^，。；]{2,24}(?:条件下|情况下|前提下)"
    r"|(?:将|即将)?(?:正式)?(?:施行|生效)$"
    r"|^(?:妥善处理|正确处理|处理好|巩固和完善|巩固|形成一批|发挥好|发挥|正确制定|科学制定)")
_CN_COUNT = r"[\d一二三四五六七八九十百千万两零]+"
# fresh-4 precision sample: what a person drops that the rules above let through (each with a real example)
_NO_DELIVERABLE_RE = re.compile(
    # an ability or performance to raise, with no measure: 提升三级治理中心贯通实战能力; 显著提升…企业经营绩效
    r"^(?:全面|显著|持续|不断|大力|进一步)*(?:提升|提高|增强|强化)[^，。；\d]{2,30}(?:能力|水平|效能|绩效|质效|实力|功能)$"
    # a direction of change: 由巩固义务教育发展基本均衡县创建成果向县域义务教育优质均衡发展方向转变
    r"|^(?:由|从)[^，。；]{2,40}向[^，。；]{2,40}(?:转变|转型|迈进|延伸|拓展)$"
    # what is to be prevented or restricted: 必须防止国有资产流失和逃废银行债务; 今年必须严格控制新开工项目
    r"|^(?:必须|要|务必|坚决|切实)*(?:防止|避免|杜绝|严防|谨防)"
    r"|^(?:必须|务必|一定要)(?:严格控制|严格限制|严禁|禁止|不准|不得)"
    # a principle of allocation: 首先安排具备建成投产条件的重点电站
    r"|^(?:首先|优先)(?:安排|保证|保障|考虑)"
    # theory as a means: 积极运用马克思主义基本理论探索和解决…重大问题
    r"|^(?:积极|善于|学会|正确)?运用[^，。；]{0,16}(?:理论|思想|观点|立场|方法)"
    # work with no object: 精准发力推动工作; others' steady growth: 促进其他商业银行和城乡信用社在改革中稳步发展
    r"|^[^，。；]{0,6}(?:推动|推进|促进|抓好|做好|开展)(?:各项)?工作$"
    r"|^(?:促进|推动|支持|引导)[^，。；]{2,30}(?:稳步|健康|持续|平稳|有序|协调|规范)发展$"
    # a slogan: 我们要加快推进国防和军队现代化; a framework to improve: 健全中央银行利率调控框架
    r"|^(?:我们)?(?:要)?(?:加快|全面|大力|积极)?(?:推进|推动|实现)[^，。；\d]{2,16}现代化(?:建设)?$"
    r"|^健全"
    # service for something else: 做好第二批疏解项目承接落地服务保障; a plan with no name: 科学编制和实施建设规划
    r"|^(?:做好|搞好|抓好)[^，。；\d]{2,30}(?:服务保障|保障服务)(?:工作)?$"
    r"|^科学(?:编制|制定)"
    # what another party did, a stance: 违背英方…的承诺; 并且主张这个问题的解决…
    r"|^(?:违背|违反|无视)|^(?:两个)?超级大国|^(?:英方|美方|日方|港英当局|港英)"
    r"|^(?:并且|并|且|而且)?主张"
    # a count of projects or a part of a list, naming none: 我区初步安排的重点调度项目有66个; 包括三十八个续建工程
    r"|的[^，。；]{0,12}?(?:项目|工程)有" + _CN_COUNT + r"(?:个|项|座|家|所|处)$"
    r"|^(?:其中)?包括"
    # 将/把 cut before its verb (the promise is in the next clause): 三是将18项行政事业性收费的免征范围
    r"|^(?:[一二三四五六七八九十]是)?(?:将|把)[^，。；]{2,30}的[^，。；]{0,4}(?:范围|标准|比例|期限|对象)$"
    # how many will graduate is a forecast, not a deliverable: 毕业2.7万人; 今年高校毕业生将达727万人
    r"|^(?:[^，。；]{0,6}?)毕业(?:生)?(?:人数)?(?:将|预计)?(?:达到|达|为|有)?[\d.]+万?人(?:左右|以上)?$"
    # a count of items, none of them named: 今年继续实施10大类55项民生实事
    r"|^(?:继续|深入|扎实)?(?:实施|办好|推进)(?:" + _CN_COUNT + r"大类)?" + _CN_COUNT + r"[项件个类](?:重点|重大)?(?:民生实事|实事|民生项目)$")
# fresh-5 precision sample: more of what a person drops (each with a real example)
_NOTHING_TO_DELIVER_RE = re.compile(
    # a strength already had, a scope, a fact: 拥有8个万亿元级产业集群; 涉及5300多个税目; 两个年度计划都超额完成
    r"^(?:已)?拥有|^涉及|(?:都|均|全部)(?:已经|已)?超额完成(?:了)?$"
    # a hedged try, not a deliverable: 探索设立科技型并购子基金; 探索大剧院市场化运营模式
    # (a thing with a name in quotes stays: 探索设立“好品山东”农产品境外推广中心)
    r"|^(?:积极|大胆|深入|研究|稳妥|加快)?探索(?![^，。；]*“)"
    # a manner with no object: 更好统筹重大产业项目开工建设
    r"|^更好(?:地)?(?:统筹|发挥|满足|服务|保障|促进|推动|支持|融入|利用)"
    # a slogan: 在高地建设中展现湖南作为、作出湖南贡献
    r"|(?:展现|彰显|展示|作出|做出|体现|扛起|担起|谱写|书写|贡献)[^，。；]{0,10}(?:作为|贡献|担当|力量|篇章|风采)$"
    # a principle stated: 解决13亿中国人的吃饭问题始终是头等大事
    r"|(?:始终|永远|历来|一直)是|是(?:头等|天大的)?大事$"
    # a vague cut of approvals, none named or counted: 取消或简化前置性审批
    r"|^(?:取消或简化|简化或取消|取消和简化|取消、简化)[^，。；\d]{0,12}审批(?:事项|环节)?$"
    # who runs what, a policy line: 中型工程尽量地由农业合作社联合举办
    r"|(?:尽量|主要|一般|原则上)(?:地)?由[^，。；]{2,16}(?:办理|举办|兴办|自办|负责|承担)$"
    # a multiple of an earlier year: 一九五四年预计现代工业的总产值将等于一九四九年的四点二倍
    r"|(?:等于|相当于)(?:19|一九)[\d〇零一二三四五六七八九]{2}年的[^，。；]{1,10}倍"
    # a count of one kind within a total, a residual line of a budget: 其他建设项目是二十四个; 其他收入为681,347,000元
    r"|^(?:其中)?[\u4e00-\u9fff]{2,12}(?:项目|工程|企业|单位)(?:是|为)" + _CN_COUNT + r"[个项座家所处]$"
    r"|^其他[\u4e00-\u9fff]{0,6}(?:收入|支出|项目|费用|收支)(?:是|为|有|共)"
    # the central share of a transfer just given (the deficit, 其中中央财政赤字8500亿元, stays):
    # 其中中央财政转移支付每年将达到780多亿元
    r"|^其中[^，。；]{0,12}(?:转移支付|拨款|补助)[^，。；]{0,16}元$"
    # a fragment pointing back: 完成这项任务
    r"|^[\u4e00-\u9fff]{0,4}(?:这项|这个|这些|这一|此项|该项)(?:任务|目标|工作|计划)$"
    # a group's living standard to raise (2600人 is the group's size): 进一步提高我区处于城乡低保边缘2600人的生活水平
    r"|(?:提高|改善|提升)[^，。；]{2,30}(?:生活水平|生活质量|收入水平)$"
    # an exhortation for a firm: 做大做强呼伦贝尔农村商业银行; working with others: 加强与国家开发银行等金融机构的对接与合作
    r"|^(?:做大做强|做强做大|做优做强|做强做优|做大做优)"
    r"|^(?:加强|深化|扩大|密切)(?:与|同|和)[^，。；]{2,30}(?:对接|合作|联系|交流|沟通|衔接|协作)$"
    # fresh-10 precision sample: a concession (不论是企业或城市的新建和改建，…); a confidence (也一定能建成现代文化强国);
    # a share of the plan done (原油完成99.6%); a need to meet (满足国家重点在建续建项目资金需求); a way of working to renew
    # (创新班列市场化运营模式); a scope (在资质许可、…等方面); one year's target against another's (城镇新增就业预期目标比去年多100万人)
    r"|^(?:不论|无论|不管)|一定(?:能够|能|会|可以)(?!源)|必将|必定"
    r"|^[^，。；\d]{0,10}完成(?:了)?(?:全年|年度)?(?:计划的)?[\d.]+%$"
    r"|^[^，。；]{0,6}满足[^，。；]{2,30}(?:需求|需要)$"
    r"|^(?:积极|大胆|不断)?创新[^，。；]{2,24}(?:模式|机制|方式|方法|路径|体制|思路)$"
    r"|^在[^，。；]{2,40}方面$"
    r"|目标比(?:去年|上年|上一年)"
    # a state of the world and a stance (国务院 1984): 国际上正在出现一场新的技术革命; 我们高度评价七十七国集团…所作出的努力
    r"|^[\u4e00-\u9fff]{2,12}(?:所|院|局|厂|公司|大学|学校|中心)等[\d一二三四五六七八九十百千万两]+多?个[\u4e00-\u9fff]{2,6}$"  # 株洲电子研究所等一百多个科研单位，…实行有偿合同制: a subject
    r"|(?:正在)?(?:出现|发生|面临)(?:着)?一场|^(?:我们|我国政府|中国政府)?(?:高度评价|赞赏|赞扬|欢迎|谴责|呼吁|重申|希望|相信)")
# fresh-7 precision sample: standing work and remarks a person drops (each with a real example)
_STANDING_WORK_RE = re.compile(
    # speed, not an end: 推动开阳…等项目加快落地
    r"等(?:重点|重大)?项目加快(?:落地|建设|推进)$"
    # some, none named: 还要安排一些必要的新开工项目
    r"|(?:安排|建设|实施|新开工|开工)(?:一些|若干|部分)(?:必要的)?[^，。；]{0,8}项目$"
    # others' duty: 国有银行应加强内部资金调度
    r"|^[\u4e00-\u9fff]{2,8}?(?:银行|企业|部门|单位|机构|学校|医院)(?:都)?(?:应|应当|应该)(?!届)"
    # correcting and preventing, a standing discipline: 切实纠正和防止多占住房…
    r"|^(?:必须|要|务必|坚决|切实)*(?:纠正和防止|纠正|制止|刹住)"
    # to study a problem: 要积极研究解决新投产项目铺底流动资金来源问题
    r"|^(?:要|还要)?(?:积极|抓紧|认真|进一步)?研究解决[^，。；]{2,30}问题$"
    # a role to play: 在促进社会主义精神文明建设中发挥积极作用
    r"|发挥[^，。；]{0,8}作用$"
    # all the year's tasks, no plan named: 全面完成2017年经济社会各项目标任务 (…“八五”普法规划各项任务 stays)
    r"|^(?![^，。；]*[“《])[^，。；]*各项(?:目标)?任务$|^(?![^，。；]*[“《])[^，。；]*各项(?:目标|指标)$"
    # support for what others move: 做好主城区老工业企业和六二六建材市场搬迁的承接工作
    r"|^(?:认真)?做好[^，。；]{2,30}(?:承接|衔接|配合|协调|对接)工作$"
    # fresh-8: a list of stages with no object (抓前期、抓新开工、抓续建、抓竣工; 强化项目谋划、前期工作、开工建设、统筹推进)
    r"|^(?:(?:抓|强化|狠抓)?(?:项目谋划|谋划|前期工作|前期|新开工|开工建设|开工|续建|竣工|投产|达产|统筹推进)、){2,}"
    r"(?:抓|强化|狠抓)?(?:项目谋划|谋划|前期工作|前期|新开工|开工建设|开工|续建|竣工|投产|达产|统筹推进)$"
    # a count of projects naming none; a comparison; a speed explained; the target said again while explained
    # (地方有十九个建设项目; 一亿吨石油所创造的价值同工业发达国家比较; 7%左右的速度可以实现比较充分的就业; 提出国内生产总值增长8%左右)
    r"|^(?:中央|地方|其中)?有" + _CN_COUNT + r"个(?:建设)?项目$"
    r"|(?:同|与|和)[^，。；]{2,16}(?:比较|相比)$"
    r"|的速度(?:可以|能够|就能)|^提出[^，。；]{2,30}\d"
    # a smooth course, a reasonable scale, spare-time schools everywhere, an estimate, a reform and development
    # (保证改革的顺利推进; 保持合理的固定资产投资规模和在建规模; 广泛地举办业余学校; 社会购买力估算为…; …的改革与发展)
    r"|顺利(?:推进|进行)$|^保持合理的|^广泛(?:地)?(?:举办|开展|组织)(?![^，。；]*“)|估算为|估计为|的改革(?:与|和)发展$"
    # the clause before, said again: 即提高1%; a glossary entry cut: 7”即《…》
    r"|^[\d”\"]*即")
# the sentence before an item makes it an example, a call on others, a composition or a comment:
# 例如：…毛线将增加约二百万斤; 我们呼吁台湾当局…，停止在国际上制造“两个中国”…的活动;
# 在社会商品零售总额中，…私营商业的比重将下降到8.9%; 应该说，我们在经济建设中的重要成就…;
# 鼓励和支持有条件的各类所有制企业，到国外…投资办厂 (what the firms do)
_NOT_OURS_BEFORE_RE = re.compile(
    r"^\s*(?:例如|比如|譬如|应该说|应当说|可以说)"
    r"|(?:呼吁|敦促|奉劝|正告)"
    r"|在[^，。；]{2,20}(?:总额|总值|总量|总数)中"
    r"|(?:^|[，,])(?:鼓励|支持|引导|动员)(?:和支持|和引导)?(?:有条件的|各类|广大|更多)[^，。；]{0,12}(?:企业|单位|个人|社会力量|机构|群众|农民)[，,]$")
# a list introduced as what a budget line consists of: 地方经济建设费主要是农林水利和地方交通运输的支出：
# 农林水利支出比上年增长91.19%；…
_COMPOSITION_LEAD_RE = re.compile(r"主要是[^，。；：:]{0,30}(?:支出|收入|费用|投资)$")
# a document with no subject of its own (抓紧制定配套措施, 科学制定发展规划, 认真制定整体规划, 制定有针对性的提升方案),
# or someone's policies in general (研究制定涉及农民工的各项政策)
_GENERIC_DOCUMENT_RE = re.compile(r"(?:相应的|有关|相关|各项|具体|有针对性的)?(?:配套|发展|工作|实施|管理|企业发展|总体|整体|落实|"
                                  r"具体落实|治理|整治|应对|防控|保障|提升|行动)?的?(?:措施|规划|方案|办法|意见|政策|战略)")
_OTHERS_POLICIES_RE = re.compile(r"的(?:各项|有关|相关)(?:政策|措施|制度|规定)$")
_CONCRETE_END_RE = re.compile(
    "(?:" + "|".join(_NAMED_SUFFIX_SORTED) +
    r"|条例|办法|规定|规划|方案|意见|细则|标准|清单|指南|措施|政策|制度|立法|改革|验收|核准|审批|备案|认证|"
    r"评估|普查|换届|搬迁|拆迁|回迁|安置|迁建|改扩建|扩建|新建|改建|续建|建设|工程|任务)$")
_OBJECT_VERB_RE = re.compile(
    r"^(?:新建|建成|改造|新增|完成|建设|培育|引进|选派|打造|创建|实施|开展|培训|认定|发放|帮助|带动|新认定|提供|"
    r"扩招|减少|招募|安置|资助|救助|治理|整治|种植|栽植|造林|修复|推进|推动|启动|加快|争创|组织|举办|承办|"
    r"落实|扶持|支持|吸引|转移|解决|新开|开通|开工|竣工|投用|申报|创成|评选|建立|设立|组建|招引|引育|"
    r"改扩建|扩建|改建|续建|硬化|铺设|安装|更新|配备|配置|布局|招聘|录用|选聘|补充|招收|培养|覆盖|惠及|"
    r"服务|接待|吸纳|促成|签约|新增设|再|抓好|办好|建好|用好|壮大|遴选|留用|供应|核准|开工建设|新开工|"
    r"为)+")
_INDICATOR_TRIM_RE = re.compile(
    r"(?:同比|比上年|比去年|较上年|较去年|年均|平均|分别|全年|力争|确保|努力|争取|预计|要|将|再|实现|保持|"
    r"完成|达到|达|突破|增长|增速|增幅|下降|降低|减少|压缩|压减|缩减|提高|提升|增加|控制在|保持在|稳定在|超过|超|不低于|"
    r"不少于|不超过|低于|高于|约|近|在|为|和|及|与|的|总量|总数|总规模|规模|累计|以上|左右|均|各|预期|预计|预定|目标|要|"
    r"继续|进一步|拟定|拟|定为|确定|水平|共|人数)+$")
_OBJECT_AFTER_RE = re.compile(r"^(?:的)?[“\"]?([\u4e00-\u9fffA-Za-z（）“”]{1,16})")
_VAGUE_INDICATORS = frozenset(("工程", "国家", "项目", "企业", "城市", "县级及", "地区", "人口", "任务", "工作",
                               "目标", "指标", "方面", "资金", "改造", "建设", "标准", "比例", "水平", "规模",
                               "底线", "一策", "亿元", "万元", "和改造", "置换", "产量", "总产量", "产值", "总产值",
                               "平方公尺", "平方米", "公里", "吨", "万吨"))


# ── the records ──────────────────────────────────────────────────────────────


@dataclass
class Commitment:
    """One promise of a plan, with what is needed to look for its follow-up."""

    id: str
    text: str  # the clause(s) exactly as written in the passage
    kind: str  # target | action
    targets: list[Quantity]  # each with its own indicator
    indicator: str  # what is measured or done: 地区生产总值 / 城西小学
    terms: list[str]  # key terms to look for in a follow-up, best first
    objects: list[str]  # named objects of an action, each to be reported (城西小学, 杏花村小学)
    subactions: list[str]  # steps of an action that must all be reported (完成核准 / 开工建设)
    passage_id: str
    doc_id: str
    start: int  # offsets of the clause within the passage text
    end: int
    plan_year: int | None
    passage: dict = field(repr=False, default_factory=dict)  # the stored passage record (data)
    context_terms: list[str] = field(default_factory=list)  # topic of the sentence / paragraph
    places: list[str] = field(default_factory=list)  # where a pilot is to be extended (黑龙江, 吉林)

    @property
    def target(self) -> Quantity | None:
        return self.targets[0] if self.targets else None

    @property
    def department(self) -> str:
        return (self.passage.get("doc") or {}).get("department", "")

    def citation(self) -> dict:
        """The passage's citation plus the quoted clause and its offsets in the passage."""
        doc = self.passage.get("doc") or {}
        return {"label": self.passage.get("label", ""), "source": doc.get("source"),
                "line_start": self.passage.get("line_start"), "line_end": self.passage.get("line_end"),
                "unit": doc.get("unit", "行"), "where": source_label(doc, self.passage), "passage_id": self.passage_id,
                "quote": self.text, "offset": [self.start, self.end]}

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "kind": self.kind,
                "target": self.target.to_dict() if self.target else None,
                "targets": [q.to_dict() for q in self.targets], "indicator": self.indicator,
                "plan_year": self.plan_year, "department": self.department, "citation": self.citation()}


@dataclass
class _Item:
    start: int
    end: int
    text: str


# ── cutting a passage into items ─────────────────────────────────────────────


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (cut at 。！？； and line ends)."""
    return list(_sentences(text))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _SENTENCE_RE.finditer(text) if m.group(0).strip())


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for match in _CLAUSE_SPLIT_RE.finditer(text, start, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    out = []
    for a, b in spans:
        while a < b and text[a] in " \u3000“”\"'":
            a += 1
        while b > a and text[b - 1] in "。！？!?；; \u3000":
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _strip_lead(text: str) -> str:
    return _LEAD_RE.sub("", text)


def _has_subject(text: str) -> bool:
    """Does a clause name what it is about, or does it continue the clause before it?
    (…，达到282亿元 continues; …，增加500万沼气用户 has its own object)"""
    core = _strip_lead(text)
    if not _CONTINUATION_RE.match(core):
        return True
    quantities = find_quantities(core)
    if quantities:
        after = re.sub(r"^(?:左右|以上|以内|以下)", "", core[quantities[-1].end:])
        if len(re.findall(r"[\u4e00-\u9fff]", after)) >= 2:
            return True
    return False


def target_quantities(text: str) -> list[Quantity]:
    """Quantities of ``text`` that can be targets.  Capacities that are part of a name
    (大唐700万吨露天矿) and prices quoted for context are dropped; investment amounts
    (投资2.5亿元) are kept with ``measure == "input"``."""
    out = []
    for q in find_quantities(text):
        before = text[max(0, q.start - 4):q.start]
        after = text[q.end:]
        if not q.text[:1].isdigit() and q.value <= 10 and (_ABSTRACT_COUNT_RE.match(after) or
                                                            _ABSTRACT_COUNT_RE.match(re.sub(r"^[“\"][^”\"]{1,12}[”\"]的?", "", after)) or
                                                            re.match(r"(?:件)?(?:事|事情|大事)(?:[，。；、]|$)", after)):
            continue  # 两条底线, 两种错误的偏向, 重点抓好三件事: a figure of speech, not a count to deliver
        if q.family in ("人", "count") and _PEOPLE_AFTER_RE.match(after) and \
                not _PEOPLE_TARGET_RE.search(text[max(0, q.start - 8):q.start]):
            continue  # 近14亿中国人的饭碗: the population, not a target
        if re.match(r"(?:个)?(?:月|星期|周)(?:之|以)?内", after) or q.text.endswith("个") and re.match(r"(?:月|星期)", after):
            continue  # 三个月内把新部委组建起来: a deadline, not a target
        if re.search(r"(?:全国|全省|全市|全区|全县|现|现在|目前)(?:共)?有$", text[max(0, q.start - 4):q.start]):
            continue  # 全国有24万多户国有小企业: how many there are, not a target
        if q.value <= 10 and re.search(r"(?:把握|坚持|牢记|领会|践行|做到)$", text[max(0, q.start - 4):q.start]):
            continue  # 深刻把握五个“必须统筹好”: principles to keep in mind
        if q.family in ("人", "count") and re.match(r"口(?:的|大国|多)", after):
            continue  # 在我们这样一个13亿人口的发展中国家: the population, not a target
        if q.family in ("%", "‰") and re.fullmatch(r"[\u4e00-\u9fff]{0,14}占(?:[\u4e00-\u9fff]{2,10}的)?",
                                                   _strip_lead(re.split(r"[，,；;、：:]", text[:q.start])[-1])):
            continue  # 公私合营占31.1%, 占国家预算的22.94%: a share of a total quoted, not a target
        if q.measure == "growth" and re.search(r"(?<![\d一二三四五六七八九十])[两二三四五六七八九十]年(?:来|共|累计|中|间)?(?:共|累计)?(?:增长|增加)[约近]?$",
                                               text[max(0, q.start - 8):q.start]):
            continue  # 两年增长约百分之七: growth over several years, not this year's target
        if q.family in ("人", "count") and re.search(r"人口(?:总量|总数|规模)?(?:达到|达|为|约|近|有)?$", before + "") and \
                re.search(r"(?:实时|常住|户籍|总|流动)人口", text[max(0, q.start - 8):q.start]) and \
                not _PEOPLE_TARGET_RE.search(text[max(0, q.start - 8):q.start]):
            continue  # 实时人口1.5亿左右: how many live here, not a target
        if q.family in _CAPACITY_FAMILIES and _FACILITY_AFTER_RE.match(after):
            continue
        if re.search(r"(?:现行|原来|此前|原|由)$", before) or \
                re.search(r"(?:从|由)[^，。；\d]{0,8}$", text[max(0, q.start - 12):q.start]) and \
                re.match(r"[^，。；]{0,6}?(?:减少|减|降低|降|下降|压缩|精简|提高|增加|扩大)(?:到|至)", after):
            continue  # 国务院组成部门从40个减少到29个, 增长速度由今年预计的3%提高到4%: where it starts, not the target
        if q.family in ("%", "‰") and re.search(r"占(?:本年|全年|当年|世界|全球|总)[^，。；]{0,10}的$",
                                                text[max(0, q.start - 16):q.start]) and \
                not re.search(r"(?:达到|提高到|提高至|提升到|超过|力争|不低于|以上)", text[max(0, q.start - 16):q.end + 3]):
            continue  # 占本年预算支出的2.18%: a share quoted, not a target
        if q.family == "元" and (re.search(r"(?:总投资|投资|投入|资金|补助|奖补|奖励|补贴|专项资金|安排|支出)[约近]?$", before)
                                 or re.match(r"[\u4e00-\u9fff]{0,8}?(?:资金|基金|补助|奖补|补贴|专项债|债券)", after)) \
                and not re.search(r"(?:完成|实现|达到|增长|突破)", text[max(0, q.start - 8):q.start]):
            q.measure = "input"
        if q.measure == "input" and budget_indicator(text, q):
            q.measure = "level"  # 今年中央财政将安排科技支出1134亿元: a budget line of the central government, checked
        if q.family in ("%", "‰") and re.search(r"(?:减按|按|税率|费率|利率|比例为)$", before):
            continue  # 所得税减按15%征收: a rate of a policy, not a target
        if q.family in _SIZE_FAMILIES and _FACILITY_NOUN_RE.match(after) and \
                _specific(_OBJECT_VERB_RE.sub("", _strip_lead(re.split(r"[，,；;、]", text[:q.start])[-1]))):
            continue  # 红星美凯龙6万平方米主力店: the size is part of the name
        if out and q.measure in ("level", "growth") and q.family not in ("%", "pp", "‰") and \
                re.search(r"(?:，|,)(?:比上年|比去年|较上年)?(?:增加|减少|多|少)$", text[max(0, q.start - 6):q.start]) and \
                out[-1].family == q.family:
            continue  # 其中棚户区改造580万套，增加110万套: the change on last year, not a target
        out.append(q)
    return out


_ABSTRACT_COUNT_RE = re.compile(
    r"[^，。；、]{0,8}?(?:底线|偏向|倾向|错误|原则|关系|矛盾|问题|意识|理念|思路|方针|路线|支柱|主线|抓手|短板|风险|"
    r"挑战|机遇|优势|格局|轮驱动|翼|自信|维护|确保|坚持|必须|服从|统筹|大局|阶段|步走|个一百年|目标|攻坚战|积极性|"
    r"国策|孩子|设想|制度|文明|基本点|代表|重要思想|名片|主张|方法论|答卷|[1-9]亿人)[”\"]?(?:[，。；、]|$)")
_PEOPLE_AFTER_RE = re.compile(r"[“\"]?(?:中国人|人民|各族|群众|人口|同胞|老百姓|农民(?!工)|(?:中小学)?教师|学生)")
_PEOPLE_TARGET_RE = re.compile(r"新增|减少|转移|培训|脱贫|安置|吸纳|惠及|覆盖|解决|帮助|带动|资助|救助|参保|就业|接种")
_SIZE_FAMILIES = ("m2", "km2", "亩", "ha", "吨", "kw", "m3")
_FACILITY_NOUN_RE = re.compile(r"^(?:的)?(?:主力店|店|楼|大楼|馆|中心|综合体|市场|商城|广场|厂房|酒店|写字楼|项目|工程|"
                               r"城|园|基地|电站|矿)")


# a budget line of the central government: who spends (中央财政, 国家, 国务院决定) and what for, either
# before the amount (中央财政今年安排【再就业补助资金】251亿元; 今年中央财政将安排【科技支出】1134亿元) or after it
# (今年中央财政安排109亿元资金【支持再就业】; 国务院决定今年安排30亿元建设资金，【支持国有煤矿安全技术改造】)
_BUDGET_PAYER_RE = re.compile(r"(?:中央财政|中央预算|中央政府|国家财政|国家预算|中央|国家|国务院决定)(?:预算)?(?:今年|明年|年内|全年)?"
                              r"(?:将|拟|要|还将|共|再)?(?:安排|拨出|拨款)")
_BUDGET_OBJECT_RE = re.compile(r"^(?:用于|对)?([“\"]?[\u4e00-\u9fff“”\"]{2,14}?)(?:的)?(?:支出|投入|投资|资金|补助资金|专项资金|经费)$")
_DEFICIT_RE = re.compile(r"((?:中央财政|财政|全国财政)赤字)(?:预算)?(?:今年|明年)?(?:将|拟)?(?:安排|为|是|定为)?$")


def budget_indicator(text: str, q: Quantity) -> str:
    """What a central budget line is for (科技支出, 再就业补助资金, “三农”支出, 中央财政赤字), or "".
    Not a project's investment (总投资2.5亿元) or a local office's spending: the payer is the centre."""
    before = re.split(r"[，,；;：:。]", text[:q.start])[-1]
    deficit = _DEFICIT_RE.search(_TIME_PHRASE_RE.sub("", before))
    if deficit:
        return "中央财政赤字" if deficit.group(1) != "全国财政赤字" else deficit.group(1)
    payer = None
    for payer in _BUDGET_PAYER_RE.finditer(before):
        pass
    if payer is None:
        return ""
    between = _TIME_PHRASE_RE.sub("", before[payer.end():])
    between = re.sub(r"^(?:将|拟|要|用于)", "", between)
    if between:
        if between.endswith(("支出", "投入", "资金", "经费")) and 2 <= len(re.sub(r"[“”\"]", "", between)) <= 14:
            return between.replace("“", "").replace("”", "").replace('"', "")
        return ""
    after = text[q.end:]
    purpose = re.match(r"^(?:的)?(?:[\u4e00-\u9fff]{0,4}?(?:资金|经费|专项资金|补助资金))?[，,]?(?:专项)?(?:用于|支持|补助|补贴|奖励|资助)"
                       r"([\u4e00-\u9fff“”\"]{2,16})", after)
    if purpose:
        return re.split(r"[和及与]", purpose.group(1).replace("“", "").replace("”", ""))[0][:12] if len(purpose.group(1)) > 12 \
            else purpose.group(1).replace("“", "").replace("”", "")
    return ""


# money taken from a fund (从粮食风险基金中拿出100亿元) and, in the next clause, what it is for
_FUND_SOURCE_RE = re.compile(r"(?:从[^，。；]{2,16}中)?(?:拿出|调出|划出|筹集)[约近]?[\d.]+[万亿]*元$")
_BUDGET_FUNDS_END_RE = re.compile(r"(?:中央财政|中央预算|中央政府|国家财政|国家|国务院决定)[^，。；]{0,8}安排[约近]?[\d.]+[万亿]*元"
                                  r"[\u4e00-\u9fff]{0,4}?(?:资金|经费)$")  # 国务院决定今年安排30亿元建设资金，支持…
_PURPOSE_CLAUSE_RE = re.compile(r"^(?:专项)?(?:用于|直接补贴|补贴|补助|奖励|资助|支持)[\u4e00-\u9fff]{2,16}$")


def _items(text: str) -> list[_Item]:
    """Clauses of a passage, with continuations (…，达到282亿元) and investment amounts
    (投资2.5亿元，实施…) joined to the clause they belong to."""
    items: list[_Item] = []
    for s_start, s_end in sentences(text):
        current: list[_Item] = []
        pending: int | None = None  # start of an investment clause waiting for its project
        for c_start, c_end in _clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            if c_end < s_end and text[c_end:c_end + 1] in "：:" and _TARGET_HEADER_RE.search(clause):
                continue  # 主要预期目标是：
            if pending is not None:
                c_start, pending = pending, None
                clause = text[c_start:c_end]
            if _INVESTMENT_RE.match(_strip_lead(clause)):
                pending = c_start
                continue
            if current and (_ROLL_OUT_ONLY_RE.fullmatch(clause) or _PILOT_EXTENDED_TO_RE.match(_strip_lead(clause))) and \
                    re.search(r"试点|改革", current[-1].text):
                last = current[-1]  # 农村税费改革试点在…的基础上，【在全国范围内推开】: the pilot is rolled out
                current[-1] = _Item(last.start, c_end, text[last.start:c_end])
                continue
            if current and not _has_subject(clause) and target_quantities(clause):
                last = current[-1]
                current[-1] = _Item(last.start, c_end, text[last.start:c_end])
                continue
            if current and _PURPOSE_CLAUSE_RE.match(clause) and not find_quantities(clause) and \
                    (_FUND_SOURCE_RE.search(current[-1].text) or _BUDGET_FUNDS_END_RE.search(current[-1].text)):
                last = current[-1]  # 国家从粮食风险基金中拿出100亿元，【直接补贴种粮农民】: what the money is for
                current[-1] = _Item(last.start, c_end, text[last.start:c_end])
                continue
            current.append(_Item(c_start, c_end, clause))
        if pending is not None:
            end = _clauses(text, s_start, s_end)[-1][1]
            current.append(_Item(pending, end, text[pending:end]))
        items.extend(current)
    return items


# ── what an item is about ────────────────────────────────────────────────────


_EXHORTATION_PREFIX_RE = re.compile("^(?:" + "|".join(sorted(map(re.escape, EXHORTATION_VERBS), key=len, reverse=True)) + ")+")
# what is built: a facility or a project, not an organisation or an event
_FACILITY_SUFFIXES = tuple(x for x in _NAMED_SUFFIX if x not in (
    "公司", "集团", "药业", "股份", "银行", "大赛", "比赛", "运动会", "博览会", "交易会", "洽谈会", "推介会", "对接会", "论坛",
    "峰会", "艺术节", "文化节", "旅游节", "马拉松", "联赛", "锦标赛", "专项治理行动", "专项整治行动", "专项行动", "示范区",
    "试验区", "自贸区", "开发区", "新区", "线", "站", "街", "路"))
_GENERIC_PREFIX_RE = re.compile("^(?:" + "|".join(map(re.escape, _GENERIC_SORTED)) + ")")
_GENERIC_SUFFIX_RE = re.compile("(?:" + "|".join(map(re.escape, _GENERIC_SORTED)) + ")$")


@lru_cache(maxsize=65536)
def _specific(stem: str) -> bool:
    """True when ``stem`` holds more than generic modifiers (城西 yes, 重点民生 no)."""
    rest = re.sub(r"[\d.%]+|[一二三四五六七八九十百千万亿两]+[个座所家条项大]?|第[一二三四五六七八九十\d]+届", "", stem)
    rest = _TIME_PHRASE_RE.sub("", rest)
    rest = _OBJECT_VERB_RE.sub("", _EXHORTATION_PREFIX_RE.sub("", rest))
    while rest:
        match = _GENERIC_PREFIX_RE.match(rest)
        if match and match.end() > 0:
            rest = rest[match.end():]
            continue
        match = _GENERIC_SUFFIX_RE.search(rest)
        if match and match.start() > 0:
            rest = rest[:match.start()]
            continue
        break
    return len(rest) >= 2 and not re.fullmatch(r"[的之和与及等各类型级化性式年届]+", rest)


_NAME_SPLIT_RE = re.compile(
    r"[，,、；;：:。（）()“”\"《》]|(?:加快|推进|推动|实施|启动|完成|建成|新建|开工|建设|改造|扶持|支持|引进|做大|"
    r"做强|打造|举办|承办|开通|出台|确保|力争|争取|重点|着力|全力|积极|大力|继续|加强|提升|完善|谋划|筹建|配合|"
    r"协调|督促|指导|帮助|鼓励|引导|依托|围绕|开展|组织|规范|保持|保持住|走出|做好|进入|增开|形成|构建|建立|"
    r"健全|扎实|深入|以|和|与|及|并|等|的|在|对|向|从|为|到|将|把|让|使|用|由|通过|按照|借助|利用)")


def named_objects(text: str) -> list[str]:
    """Named things in ``text``: 《documents》, and facilities, organisations and events
    whose name is more than generic words (城西小学, 康益药业, 云溪市第五届全民运动会)."""
    return list(_named_objects_cached(text))


_ANY_SUFFIX_RE = re.compile("|".join(map(re.escape, _NAMED_SUFFIX_SORTED)))


def _suffix_ends(chunk: str) -> set[int]:
    """Positions in ``chunk`` where a facility/organisation word ends (overlapping too)."""
    ends = set()
    for position in range(len(chunk)):
        match = _ANY_SUFFIX_RE.match(chunk, position)
        if match:
            for suffix in _NAMED_SUFFIX_SORTED:
                if chunk.startswith(suffix, position):
                    ends.add(position + len(suffix))
    return ends


@lru_cache(maxsize=16384)
def _named_objects_cached(text: str) -> tuple:
    names = [m.group(1) for m in re.finditer(r"《([^》]{2,40})》", text)]
    text = _SET_PHRASES_RE.sub("，", text)
    for chunk in _NAME_SPLIT_RE.split(text):
        if not chunk or len(chunk) < 3 or _NAMED_BLACKLIST_RE.match(chunk):
            continue
        found = None
        for end in sorted(_suffix_ends(chunk), reverse=True):
            for suffix in _NAMED_SUFFIX_SORTED:
                if chunk.endswith(suffix, 0, end) and end - len(suffix) > 0:
                    candidate = chunk[:end]
                    if _specific(chunk[:end - len(suffix)]) and not _ABSTRACT_END_RE.search(candidate):
                        found = candidate
                    break
            if found:
                break
        if found:
            names.append(found[-16:])
    # two proper names joined by 与/和 before a project (双良与华能供热管网贯通工程)
    for match in re.finditer(r"([\u4e00-\u9fff]{2})(?:与|和)([\u4e00-\u9fff]{2})(?=[\u4e00-\u9fff]{0,12}?(?:工程|项目))",
                             text):
        if _specific(match.group(1)) and _specific(match.group(2)):
            names.extend([match.group(1), match.group(2)])
    return tuple(dict.fromkeys(n for n in names if n))


def indicator_of(text: str, quantity: Quantity | None) -> str:
    """What a target measures: the words before its number (地区生产总值), or the object
    after it when the number counts things (建成20座【公厕】, 2个【百姓健身房】)."""
    if quantity is None:
        documents = re.findall(r"《([^》]{2,40})》", text)
        if documents:
            return documents[0]
        core = _strip_lead(_TIME_PHRASE_RE.sub("", _strip_lead(text)))
        stripped = _STRONG_VERB_PREFIX_RE.sub("", _OBJECT_VERB_RE.sub("", core))
        if re.match(r"(?:领域|方面|系统|行业|部门|单位)", stripped):
            # 基本完成建设领域清理拖欠工程款任务: 建设 is part of the object, not a second verb
            verb = _STRONG_VERB_PREFIX_RE.match(core) or _OBJECT_VERB_RE.match(core)
            word = re.match("(?:" + "|".join(sorted(STRONG_VERBS, key=len, reverse=True)) + r"|新建|建设|改造|完成|实施|推进)", core)
            if verb and word:
                stripped = core[word.end():]
        subject = re.match(r"^[\u4e00-\u9fff]{2,8}?(?:从开始|从起)?要(?:全面|逐步|普遍)?(?:实行|推行|实施)([\u4e00-\u9fff]{6,20}(?:制度|办法))$", stripped)
        if subject:  # 商业银行从今年开始要全面实行贷款质量五级分类制度 → 贷款质量五级分类制度 (who does it is not what)
            return subject.group(1)
        prepared = re.match(r"^(?:做好|作好|搞好)(?:[^，。；]{0,12}(?:将|要)在[^，。；]{1,8}举办的)?([^，。；]{2,24}?)的(?:各项)?准备(?:工作)?$", stripped)
        if prepared:  # 做好1999年将在昆明举办的世界园艺博览会的准备工作 → 世界园艺博览会 (not 准备: 作好克服更大困难的准备)
            return prepared.group(1)
        return re.sub(r"(?:的)?(?:任务|工作)$", "", stripped)[:24] if len(stripped) > 6 else stripped[:24]
    budget = budget_indicator(text, quantity) if quantity.family == "元" else ""
    if budget:
        return budget
    purpose = _PURPOSE_CLAUSE_RE.match(text[quantity.end:].lstrip("，,"))
    if quantity.family == "元" and purpose and _FUND_SOURCE_RE.search(text[:quantity.end]):
        return re.sub(r"^(?:专项)?用于", "", purpose.group(0))  # …拿出100亿元，直接补贴种粮农民 → 直接补贴种粮农民
    clauses = re.split(r"[，,；;：:、]|(?<=[^\u4e00-\u9fff])和", text[: quantity.start])
    before = clauses[-1]
    if len(clauses) > 1 and re.fullmatch(r"(?:初步|拟)?(?:定为|确定为|为)|(?:力争|争取|努力|确保)?(?:把它)?(?:控制在|保持在|稳定在)",
                                         before.strip()):
        # 经济增长速度的宏观调控目标，定为百分之八至九; 确保物价上涨幅度比去年有明显回落，力争控制在百分之十五左右 (1995):
        # the subject is the clause before (without what it is compared with)
        before = re.sub(r"比(?:去年|上年)[^，。；]*$", "", clauses[-2]) + before
    if quantity.family == "%" and re.search(r"经济(?:增长|增速|发展速度)(?:速度|率)?(?:的)?(?:宏观)?(?:调控|预期|预计|主要)?"
                                            r"(?:目标|速度)?[^，。；]{0,4}$", before):
        return "经济增长"  # 中央提出今年经济增长预期目标为7%左右: the growth of GDP, whoever proposes it
    before = _TIME_PHRASE_RE.sub("", _strip_lead(before))
    # 要在1988年水平的基础上压缩20%: the base, not what is measured (that is in the clause before)
    before = re.sub(r"^在[^，。；]{0,12}?(?:水平)?的?基础上", "", before)
    # 补助标准由20元提高到40元 → 补助标准; 城镇居民基本医疗保险试点要扩大到全国50%以上的城市 → …试点
    before = re.sub(r"(?:由|从)[^，。；由从]*?(?:提高|增加|扩大|降低|下降|减少|提升)?(?:到|至)$", "", before)
    trimmed = re.sub(r"(?:要|将)?(?:扩大|提高|增加|提升|推广)(?:到|至)(?:全国|全省|全市)?$", "", before)
    # 基本普及九年义务教育的地区要增加到全国人口的72% → 普及九年义务教育 (the share of the population is the number)
    trimmed = re.sub(r"^基本(?=普及)|(?:的)?(?:地区|人口)(?:要|将)?(?:扩大|提高|增加|提升)(?:到|至)(?:全国|全省|全市)(?:人口|总人口)的?$",
                     "", trimmed)
    if len(re.sub(r"^(?:把|将)|(?:的)?(?:范围|试点)+$", "", trimmed)) >= 2:
        before = trimmed  # not 试点范围扩大到全国 → 试点: that is how the review says it
    before = _INDICATOR_TRIM_RE.sub("", before)
    before = re.sub(r"^(?:把|将)(?=[\u4e00-\u9fff]{3})", "", before)  # 把新农合和城镇居民医保财政补助标准提高到200元
    before = re.sub(r"(?<=[\u4e00-\u9fff]{2}试点)(?:的)?范围$", "", before)  # 新型农村社会养老保险试点范围 is reported as …试点
    before = _OBJECT_VERB_RE.sub("", _strip_lead(before))
    before = _INDICATOR_TRIM_RE.sub("", before)
    # 今年国民生产总值计划增长百分之八, 全社会固定资产投资调控目标为…: the review says 国民生产总值, not 计划
    before = re.sub(r"(?<=[\u4e00-\u9fff]{3})(?:计划安排|计划|宏观调控|调控)$", "", before)
    covered = re.match(r"^(?:以上|左右)?的(?:人口)?(?:地区)?(?:基本)?((?:普及|覆盖|实现)[\u4e00-\u9fff]{2,12})", text[quantity.end:])
    if covered and re.fullmatch(r"(?:要)?(?:使|让)(?:全国|全省|全市|全区)?", before):
        return covered.group(1)  # 要使全国80%以上的人口地区普及九年义务教育 → 普及九年义务教育
    after_match = _OBJECT_AFTER_RE.match(text[quantity.end:])
    after = after_match.group(1) if after_match else ""
    listed = re.match(r"^(?:种|个|类|项|家)?[^，。；]{0,20}的([\u4e00-\u9fff]{2,6}?)(?:纳入|列入|实现|达到|得到|$)", text[quantity.end:])
    if before.endswith("等") and listed:
        return listed.group(1)  # 将甲肝、流脑等15种可以通过接种疫苗有效预防的传染病纳入… → 传染病
    if after:
        after = re.split(r"左右|以上|以内|以下|任务|目标|建设|改造|提升|工作|以|和|与|等|，|建成|投入|完成|开工|竣工|"
                         r"实现|达到|正式|年内|全部|基本", after)[0]
        after = after.split("的")[-1]
        after = re.sub(r"（[^）]*）?$", "", after).replace("“", "").replace("”", "")
        after = _PROBLEM_WORD_RE.sub("", after) if len(after) > 4 else after  # 解决6000万人安全饮水【问题】
    if len(after) >= 2 and quantity.family not in ("%", "pp", "‰") and quantity.measure != "input":
        return before + after if len(before) <= 6 and before else after
    return _MEASURE_WORD_RE.sub("", before) or after


_STRONG_VERB_PREFIX_RE = re.compile("^(?:" + "|".join(sorted(STRONG_VERBS, key=len, reverse=True)) + ")+")
_MEASURE_WORD_RE = re.compile(r"(?:涨幅|增幅|增速|增长率|降幅)$")
_PROBLEM_WORD_RE = re.compile(r"(?:问题|难题|难|需求)$")


_ABSTRACT_INDICATORS = frozenset(("发展", "建设", "服务", "创新", "改革", "开放", "合作", "交流", "治理", "监管",
                                  "重点", "重大", "民生", "产业", "社会", "城市", "农村", "乡村", "城乡", "基层",
                                  "经济", "各类", "有关", "相关", "一批", "全市", "全区", "全县", "全省", "国家级"))


def _specific_indicator(indicator: str) -> bool:
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", indicator)
    return len(cjk) >= 2 and cjk not in _ABSTRACT_INDICATORS and cjk not in _VAGUE_INDICATORS


def _context_of(text: str, item: _Item, titles: list[str]) -> str:
    """What an item continues, as "｜"-joined candidates: the short sentence before it
    (继续推进棚户区改造工程。…努力完成4000户的改造任务), the first clause of its sentence and
    the clause just before it (加大社区平价蔬菜超市建设力度，…，年内完成20个)."""
    spans = sentences(text)
    found = []
    for index, (a, b) in enumerate(spans):
        if a <= item.start < b:
            clauses = [c for c in _clauses(text, a, b) if c[1] <= item.start]
            if clauses:
                found.append(text[clauses[-1][0]:clauses[-1][1]])
                found.append(text[clauses[0][0]:clauses[0][1]])
            for prev_a, prev_b in reversed(spans[:index]):
                previous = text[prev_a:prev_b].strip("。；; ")
                if len(previous) <= 30:
                    found.append(previous)
                break
            break
    if not found and titles:
        found.append(titles[-1])
    return "｜".join(dict.fromkeys(found))


_CONTEXT_TRIM_RE = re.compile(r"(?:建设力度|工作力度|力度|工程|工作|建设|任务|行动|水平|能力|步伐|进程|计划)+$")


def _context_terms(context: str) -> list[str]:
    return list(_context_terms_cached(context))


@lru_cache(maxsize=16384)
def _context_terms_cached(context: str) -> tuple:
    terms = []
    for piece in context.split("｜"):
        if not piece:
            continue
        core = _SET_PHRASES_RE.sub("", piece)
        for _ in range(3):
            core = _OBJECT_VERB_RE.sub("", _strip_lead(core))
            for verb in sorted(EXHORTATION_VERBS, key=len, reverse=True):
                if core.startswith(verb):
                    core = core[len(verb):]
                    break
        core = _TIME_PHRASE_RE.sub("", core)
        core = re.sub(r"^(?:在|对|把|将|新的|一批|全部|逐步)", "", core)
        core = _CONTEXT_TRIM_RE.sub("", core)
        if "的" in core:
            core = core.split("的")[-1] if len(core.split("的")[-1]) >= 2 else core
        terms.extend(named_objects(piece))
        if 2 <= len(core) <= 14 and _specific(core):
            terms.append(core)
    return tuple(dict.fromkeys(terms))


def budget_variants(name: str) -> list[str]:
    """A budget line is reported in other words: 科技支出 ~ 中央财政科技投入, “三农”支出 ~ 中央财政用于
    “三农”的投入, 再就业补助资金 ~ 就业再就业资金."""
    budget = re.match(r"^(.{2,10}?)(?:补助资金|专项资金|支出|投入|资金|经费)$", name)
    if not budget or "赤字" in name:
        return []
    stem = budget.group(1)
    return [stem + "支出", stem + "投入", "用于" + stem, stem + "资金"]


def _terms(text: str, indicators: list[str], names: list[str], kind: str = "target") -> list[str]:
    """Key terms to look for in a follow-up: indicators and named objects, and the
    indicator's last four characters when it is long (秋季学期新增学位 → 新增学位)."""
    terms = []
    for name in indicators + names:
        name = re.sub(r"[（）()“”\"《》]", "", name or "").strip()
        if len(re.sub(r"[\d.%]", "", name)) >= 2:
            terms.append(name)
    for name in indicators if kind == "action" else []:
        listed = re.search(r"等((?!项目|工程)[\u4e00-\u9fff]{2,8}(?:专项|工程|计划|行动))$", name)
        if listed and len(listed.group(1)) >= 4:  # 大型飞机、…等国家重大专项: the kind they are listed under (→ 实施１６个国家重大科技专项)
            terms.append(listed.group(1))
        if len(name) >= 9 and re.search(r"(?:清理|解决|偿还|拖欠)", name[-8:]):
            terms.append(name[-5:])  # 建设领域清理拖欠工程款 → 拖欠工程款 (各地已偿还拖欠工程款1834亿元)
        if len(name) >= 6 and name.endswith(("补贴", "补助")):
            terms.append(name[-4:])  # 农作物良种补贴 is reported as 良种补贴
        waived = re.match(r"^(?:城市|农村|城乡)?([\u4e00-\u9fff]{2,8}?)(?:阶段)?(?:的)?(?:学杂费|杂费|学费)$", name)
        if waived:  # fees waived are reported as free schooling: 城市义务教育学杂费 ~ 全面实行城乡免费义务教育
            terms.append("免费" + waived.group(1))
        whose = re.match(r"^[\u4e00-\u9fff]{2,12}的([\u4e00-\u9fff]{4,12}(?:制度|体系))$", name)
        if whose:  # 城市贫困居民的最低生活保障制度 ~ “大多数城市建立了居民最低生活保障制度” (1999): what, without whose
            terms.append(whose.group(1))
        if len(name) >= 16 and "的" in name:
            # 免除国家扶贫开发工作重点县农村义务教育阶段贫困家庭学生的书本费、杂费: whose (贫困家庭学生) and
            # what (杂费) are each looked for, as the review words them (对…贫困家庭学生免除学杂费)
            head, tail = name.rsplit("的", 1)
            terms.append(head[-6:])
            terms.extend(p for p in re.split(r"[、和及]", tail) if len(p) >= 2 and
                         not re.search(r"(?:意见|办法|方案|规划|条例|规定|通知|决定|工作|任务|建设|问题|情况)$", p))
    for name in indicators if kind == "target" else []:
        if len(name) >= 12 and "对" in name[2:-4]:
            terms.append(name[name.rindex("对") + 1:])  # 中央和地方财政对参加合作医疗农民的补助标准: who pays is not reported
        if len(name) >= 8:
            terms.append(name[-4:])
        if name == "经济增长":
            terms.append("生产总值")  # reported as 国内生产总值（地区生产总值）…增长9.5%
        terms.extend(budget_variants(name))
    for term in list(terms):  # without sizes and states: 红星美凯龙6万平方米主力店完工 → 红星美凯龙主力店
        bare = QUANTITY_RE.sub("", term)
        bare = re.sub(r"(?:年内)?(?:完工|竣工|建成|投入使用|投用|正式运营|运营|开业|营业|通车|开工建设|开工)$", "", bare)
        if bare != term and len(bare) >= 3:
            terms.append(bare)
    return list(dict.fromkeys(terms))


_SUBACTION_SPLIT_RE = re.compile(r"并|，|,|同时|、(?=(?:" + "|".join(STRONG_VERBS) + "))")


def _subactions(text: str) -> list[str]:
    """The separately reportable steps of an action: 完成核准并开工建设 → [完成核准, 开工建设]."""
    parts = []
    for piece in _SUBACTION_SPLIT_RE.split(text):
        piece = piece.strip()
        if any(v in piece for v in STRONG_VERBS) or re.search(r"开放|运营|营业|使用|通车|投产|达产", piece):
            parts.append(piece)
    return parts if len(parts) > 1 else []


_HEAD_SUFFIXES = sorted(set(_NAMED_SUFFIX) | {"公路", "铁路", "高速公路", "农村公路", "一级公路", "二级公路"}, key=len, reverse=True)


def _shared_head_objects(text: str, names: list[str]) -> list[str]:
    """Projects listed before one named project, sharing its kind: 海拉尔至宝日希勒、特尼河农村公路
    → 海拉尔至宝日希勒农村公路, 特尼河农村公路 (each to be reported on)."""
    for name in names:
        at = text.find(name)
        if at <= 0 or text[at - 1] != "、":
            continue
        suffix = next((x for x in _HEAD_SUFFIXES if name.endswith(x)), "")
        if not suffix:
            continue
        head, rest = suffix, name[:-len(suffix)]
        while True:  # 特尼河【农村】公路: the generic words before the kind belong to the kind
            word = next((w for w in _GENERIC_SORTED if len(w) >= 2 and rest.endswith(w) and len(rest) > len(w)), "")
            if not word:
                break
            head, rest = word + head, rest[:-len(word)]
        if len(rest) < 2:
            continue
        before = re.split(r"[，,；;：:]|推进|建设|实施|加快|完成|建成|开工|启动|重点|积极|确保|力争", text[:at - 1])[-1]
        parts = [re.sub(r"^(?:对|把|将)", "", p) for p in before.split("、") if p]
        if parts and all(2 <= len(p) <= 10 and p.endswith(tuple(_HEAD_SUFFIXES))
                         for p in parts):
            return parts + [name]  # 对胜利大街、西大街、胜利三路: each has its own kind already
        if not parts or any(len(p) < 2 or re.search(r"改造|升级|扩能|建设|工程|项目", p) or
                            any(x in p for x in _HEAD_SUFFIXES if len(x) >= 2) for p in parts):
            continue  # 黑羊站水厂扩能改造、垃圾转运站…: the first is a project of its own
        return [p + head for p in parts] + [name]
    return []


def _objects(text: str, names: list[str]) -> list[str]:
    """Named objects listed side by side (城西小学、杏花村小学), each to be reported on."""
    listed = [n for n in names if n in text]
    listed = [n for n in listed if not any(n != other and n in other for other in listed)]
    listed.sort(key=text.find)
    if len(listed) < 2:
        return []
    for a, b in zip(listed, listed[1:]):
        between = text[text.find(a) + len(a):text.find(b)]
        if between not in ("、", "，", "和", "及", "以及"):
            return []
    return listed


# ── deciding ─────────────────────────────────────────────────────────────────


_ACCREDITATION_RE = re.compile(
    r"(?:申报|创建|争创|创成|申创|申建)[^，。；]{0,16}(?:[345]A级[^，。；]{0,4}景区|示范区|示范市|示范县|文明城市|卫生城市|"
    r"园林城市|森林城市|生态县|称号)|(?:[345]A级[^，。；]{0,4}景区|示范区|文明城市)[^，。；]{0,4}(?:申报|创建)|"
    r"^通过[^，。；]{2,20}(?:核查|验收|评估|审核|认证|考核|复审|复核)$")


_OBJECT_LEAD_RE = re.compile(
    r"^(?:确保|力争|争取|实现|推动|推进|加快|全力|积极|年内|全面|基本|完成|启动|做好|抓好|新建的|新建|续建|改扩建|扩建|"
    r"开工建设|建成|启用|的)+")
_OBJECT_TAIL_RE = re.compile(r"(?:年内|按期|如期|尽早|尽快|早日|全部|全线|正式|顺利|并|和|及|，|将|要|都|也)+$")


def project_names(text: str, department: str = "") -> list[str]:
    """The projects a promise with a stage names, each to be reported on: 确保东海写字楼、
    国税局综合楼年内投入使用 → both; 确保中网科技云计算数据中心建成并投入使用 →
    中网科技云计算数据中心; the office's own place is left off (海拉尔客运总站 → 客运总站)."""
    first = min(stages_in(text), key=lambda s: text.find(s.word), default=None)
    if first is None:
        return []
    head = _strip_lead(text[:text.find(first.word)].strip())
    if "投资" in head:  # 投资3.4亿元的内蒙古冰上运动训练中心
        head = re.sub(r"^[^，。；]*?(?:的|，)(?=[^，。；]{4,}$)", "", head)
    head = _OBJECT_TAIL_RE.sub("", _OBJECT_LEAD_RE.sub("", head.strip()))
    place = re.sub(r"(?:人民政府|政府)$", "", department or "")
    places = {place, re.sub(r"[省市区县旗]$", "", place)} - {""}
    out = []
    for part in re.split(r"[、，]|(?<=[\u4e00-\u9fff]{3})(?:和|及)(?=[\u4e00-\u9fff]{3})", head):
        part = re.sub(r"等(?:项目|工程|重点项目|酒店)?$", "", part.strip())
        for name in sorted(places, key=len, reverse=True):
            if part.startswith(name) and len(part) - len(name) >= 3:
                part = part[len(name):]
                break
        if len(re.sub(r"[^\u4e00-\u9fff]", "", part)) >= 3:
            out.append(part)
    return out


def _is_project(text: str) -> bool:
    """A named project with a stage to reach and no number (确保健康社区卫生服务中心投入使用,
    确保华融二期、天润商厦等项目投入运营)."""
    text = _SET_PHRASES_RE.sub("，", text)  # 全面建成小康社会 is no project
    stage = highest_stage(text)
    if stage is None or stage.rank < 1:
        return False
    last = max(stages_in(text), key=lambda s: text.rfind(s.word) + len(s.word))
    tail = text[text.rfind(last.word) + len(last.word):].strip("。；，, ")
    if not re.fullmatch(r"(?:工作|目标|任务|达效|达产|见效|(?:产业|重点)?(?:项目|工程)(?:建设)?|[并和及、][^，。；]*)?", tail):
        return False  # 创新班列市场化运营模式, 向城市运营转变, 在建续建项目资金需求: the stage word is no stage here
    generic = stage.word in ("顺利推进", "有序推进", "加快推进", "稳步推进", "加快建设", "进展顺利")
    for name in project_names(text):
        if generic and not (_CONCRETE_END_RE.search(name) or re.search(r"[一二三四五六七八九]期$", name)):
            continue  # 攻坚克难、稳步推进: a manner, no project
        cjk = re.sub(r"[^\u4e00-\u9fff]", "", name)
        if _specific(name) or re.search(r"[一二三四五六七八九]期$", name) and len(cjk) >= 4 or \
                len(cjk) >= 7 and _CONCRETE_END_RE.search(name):
            return True
    return False


# named reforms, institutions and events of the State Council plans 1998–2002 (audit_unseen4), in the shape of
# the ``[[deliverables]]`` entries of commitment_words.toml, after them
_MORE_DELIVERABLES = [
    # a tax to be levied or stopped, named by its kind: 开征遗产税 (国务院 1998)
    {"verbs": ["开征", "停止征收"], "object_ends": ["税"]},
    # a sector's management reform to start (not 推进, which goes on for years): 尽快实施电信、电力、民航管理体制改革 (2002)
    {"verbs": ["实施", "启动", "进行"], "object_ends": ["管理体制改革"]},
    # a named system of responsibility to bring in (not one to keep running, 继续实行…目标责任制):
    # 推行企业年度经营业绩和任期业绩责任制 (2005), 普遍推行厂长负责制 (1987)
    {"verbs": ["全面推行", "普遍推行", "推行"], "object_ends": ["责任制", "负责制"]},
    # a ministry to set up, a numbered step of a reform: 提请这次大会批准成立国家安全部 (1983);
    # 从今年第四季度开始，进行利改税的第二步改革 (1984)
    {"verbs": ["成立", "组建", "设立"], "object_ends": ["部"]},
    {"verbs": ["进行", "实施", "实行", "推行"], "object_ends": ["第一步改革", "第二步改革", "第三步改革"]},
    # a reform plan to put forward (从速提出商业流通体制的近期改革方案, 1982); 提出 a view or demand is no deliverable
    {"verbs": ["提出"], "object_ends": ["改革方案", "实施方案", "总体方案", "总体规划"]},
]


def _deliverable_patterns() -> list[tuple[re.Pattern, tuple[str, ...]]]:
    out = []
    for entry in _WORDS.get("deliverables", []) + _MORE_DELIVERABLES:
        verbs = sorted(entry["verbs"], key=len, reverse=True)
        ends = tuple(sorted(entry.get("object_ends", []), key=len, reverse=True))
        if ends:
            pattern = re.compile("(?:" + "|".join(map(re.escape, verbs)) + r")(?P<object>[^，。；：]{2,40}?(?:" +
                                 "|".join(map(re.escape, ends)) + r")[”\"]?)(?:的编制|的制定|编制工作|工作|建设|任务|等)*$")
        else:  # 呼伦贝尔学院升格本科: the object stands before the verb
            pattern = re.compile(r"(?P<object>[^，。；：]{2,20}?)(?:" + "|".join(map(re.escape, verbs)) +
                                 r")[^，。；：]{1,12}$")
        out.append((pattern, ends))
    return out


_DELIVERABLES = _deliverable_patterns()


# a numbered phase of a programme (继续实施第二期农村中小学危房改造), a system of named levels
# (构建区、镇、村三级河长管理体系), a subsidy or pilot extended (扩大农作物良种补贴范围和规模)
_PHASE_PROGRAMME_RE = re.compile(r"^(?:实施|启动|开展|推进)第[一二三四五六七八九十]期(?P<object>[^，。；]{4,20}?(?:改造|工程|项目|计划))"
                                 r"(?:工程|项目|工作)?$")
_LEVELS_SYSTEM_RE = re.compile(r"^(?:构建|建立|建成)[^，。；]{0,12}?[二三四五两]级(?P<object>[^，。；“”]{2,12}?(?:体系|网络|制度|机制))$")
# a pilot named in the clause before, extended to named places: 在总结辽宁省完善城镇社会保障体系试点工作的基础上，
# 将试点范围扩大到黑龙江和吉林两省
_PILOT_EXTENDED_TO_RE = re.compile(r"^(?:将|把)?试点(?:范围|工作)?(?:扩大|推广|扩展)(?:到|至)(?P<places>(?!全国)[^，。；\d%０-９一二三四五六七八九十百]{2,20}?)(?:[两二三四五六七八九十]个?|等)?(?:省|市|县|区|地区|省份|城市)?$")
_PILOT_BEFORE_RE = re.compile(r"^(?:在)?(?:总结|认真总结)?(?:[\u4e00-\u9fff]{2,3}(?:省|市|区))?(?P<object>[^，。；]{4,30}?试点)(?:工作)?(?:经验)?"
                              r"(?:的基础上)?，")


def extension_places(text: str) -> list[str]:
    """The places a pilot is to be extended to (…将试点范围扩大到黑龙江和吉林两省 → 黑龙江, 吉林)."""
    last = re.split(r"[，,]", text)[-1]
    match = _PILOT_EXTENDED_TO_RE.match(_strip_lead(last))
    if not match or not _PILOT_BEFORE_RE.match(text):
        return []
    return [p for p in re.split(r"[和、及与]", match.group("places")) if len(p) >= 2]


_ROLL_OUT_ONLY_RE = re.compile(r"(?:要|将)?(?:在全国(?:范围内)?|逐步|全面)(?:推开|推广|铺开)")
# a pilot rolled out nationwide (农村税费改革试点…在全国范围内推开, 将…税收优惠政策试点范围扩大到全国,
# 在全国推开“证照分离”改革)
_NATIONWIDE_RE = re.compile(r"^(?:将|把)?(?P<object>[^，。；]{4,30}?试点)[^。；]*?(?:(?:在全国(?:范围内)?|全面)(?:推开|推广|铺开)|"
                            r"(?:范围|政策)?(?:扩大|推广)(?:到|至)全国)$|^在全国(?:范围内)?(?:全面)?(?:推开|推行)(?P<reform>[^，。；]{4,20}(?:改革|责任制))$")
# the bounds of a named protected area or zone redrawn (科学调整西山自然保护区范围及功能)
_ADJUST_AREA_RE = re.compile(r"^(?:科学|依法|优化)?调整(?P<object>[^，。；]{2,12}?(?:自然保护区|保护区|风景名胜区|森林公园|湿地公园|开发区|园区))"
                             r"(?:的)?(?:范围及功能|范围和功能|范围|边界|功能区划|功能分区)$")
_EXTENDED_RE = re.compile(r"^扩大(?:实施)?(?P<object>[^，。；]{2,24}?(?:补贴|补助|试点|制度|工程))(?:的)?(?:实施)?(?:范围|规模|范围和规模|覆盖面)$")


# drafting the next five-year plan is a deliverable of the plan year, though it names five years:
# 今年还要研究制定我国国民经济和社会发展第十个五年计划 (国务院 2000)
_DRAFT_FIVE_YEAR_RE = re.compile(r"^(?:还要|要)?(?:抓紧|尽快)?(?:研究制定|制定|制订|编制|起草)(?P<object>[^，。；]{0,20}?(?:第[一二三四五六七八九十]+个五年计划|"
                                 r"“十[一二三四五六七八九]五”(?:计划|规划))(?:纲要)?|"
                                 r"(?:到本世纪末|中长期)[^，。；]{2,24}?(?:纲要|纲领))(?:的?(?:编制|制定|起草)?工作)?$")
# a named goal due this year: 努力实现“八七”扶贫攻坚计划的目标 (2000, the plan ends in 2000); 实现国有企业改革和脱困三年目标
_NAMED_GOAL_RE = re.compile(r"^(?:努力|如期|全面|确保|基本)?实现(?P<object>[^，。；]{0,16}“[^”]{1,10}”[^，。；]{0,12}?计划|"
                            r"[^，。；“”]{4,16}?三年)的?目标$")
# a clean-up of a named burden or field: 要对农民负担进行一次清理 (国务院 1997); the check-up of state assets,
# named by itself: 全面开展清产核资工作 (1995; …大检查 and …清查 are ``[[deliverables]]`` of commitment_words.toml)
_CLEAN_UP_RE = re.compile(r"^(?:认真|全面)?对(?P<object>[^，。；]{2,12}?)(?:进行|开展)(?:一次|全面|认真)*(?:的)?(?:清理|清查|清理整顿|大检查)$|"
                          r"^(?:认真|全面)?(?:开展|进行|组织)(?:一次)?(?P<check>清产核资)(?:工作)?$")
# the harvest to bring in, the plans before 2000 name it so: 力争农业有一个好收成, 争取粮食再有一个好收成 (国务院 1997)
_HARVEST_RE = re.compile(r"^(?:力争|争取|确保|努力)?(?:农业|粮食|粮棉)(?:生产)?(?:再|继续)?(?:有|获得|夺取)(?:一个)?(?P<object>好收成|丰收)$")
# a campaign named in quotes: 认真开展讲学习、讲政治、讲正气的“三讲”教育 (1999)
_NAMED_CAMPAIGN_RE = re.compile(r"^(?:在全国(?:范围内)?)?(?:认真|深入|广泛|继续)?开展(?P<object>[^，。；]{0,24}“[^”]{2,12}”(?:主题)?(?:学习)?教育(?:活动)?|"
                                r"“[^”]{2,16}”的?活动)$")


# a system named by what it does, to set up or roll out (six characters or more before 制度, as for 试点):
# 推行国库集中收付制度 (2002); 要加快建立城市贫困居民的最低生活保障制度 (1998); 尽快建立石油等战略资源的储备制度 (2001).
# Not 建立现代企业制度 (a kind), not 建立健全…制度 (an improvement with no end)
# Not a principle or a quality (实行最严格的耕地保护制度, 建立适应竞争环境的内部管理制度), not a list (推行…竞争上岗等制度)
_SET_UP_SYSTEM_RE = re.compile(r"^(?:加快|尽快|抓紧)?(?:建立|推行|实行|试行)(?:和完善|并完善)?(?P<object>(?!健全|完善|各|有关|相关|一系列|多种|最严格|严格|更加|"
                               r"新的|适应|适合|符合|统一的|现代|规范|合理|公开)[^，。；、和与及]{6,24}?(?<!等)制度)$")
# a fiscal system named by its kind (国务院 1993: 从今年开始国家财政实行复式预算制; 1994: 实行在合理划分中央与地方事权基础上的分税制)
_FISCAL_SYSTEM_RE = re.compile(r"^(?:从(?:今年)?(?:开始|起))?(?:国家财政)?(?:实行|推行)(?:[^，。；]{0,20}的)?(?P<object>分税制|复式预算制(?:度)?|"
                               r"分税分级财政体制|零基预算)$")
# a law named by its subject (要抓紧研究制定退耕还林的法规, 2002); not 有关的行政法规, 专门行政法规
_NAMED_REGULATION_RE = re.compile(r"^(?:抓紧|尽快)?(?:研究)?制定(?P<object>(?!有关|相关|专门|涉及)[^，。；、和与及]{4,12}的法规)$")
# a market or board to open: 建立创业板股票市场 (2001)
_SET_UP_MARKET_RE = re.compile(r"^(?:加快|尽快|抓紧|适时)?(?:建立|设立|开设|推出|试办)(?P<object>[\u4e00-\u9fff]{2,8}?(?:板股票市场|板市场|期货市场))$")
# a named event to hold or bid for: 办好“中国’99昆明世界园艺博览会” (1999); 做好我国申办2010年上海世界博览会的工作 (2002)
_NAMED_EVENT_RE = re.compile(r"^(?:精心)?(?:办好|举办|承办|筹办|做好(?:我国)?申办|申办)(?P<object>[^，。；]{2,24}?(?:博览会|世博会|运动会|"
                             r"奥运会|亚运会|峰会))”?(?:的)?(?:各项)?(?:准备|筹备|申办)?(?:工作)?$")
# named projects listed with their kind: 着力抓好青藏铁路、西气东输、西电东送等重点工程建设 (2002); 要集中力量建设
# 西气东输、西电东送、青藏铁路等一批具有战略意义的重大项目 (2001) — each one a proper name
_NAMED_PROJECT_LIST_RE = re.compile(r"^(?:着力|集中力量|重点|加快|继续|抓紧|全力|精心)*(?:抓好|建设|推进|实施|开工建设)"
                                    r"(?P<object>(?!与|和|同)[\u4e00-\u9fff]{2,8}(?:、[\u4e00-\u9fff]{2,8}){1,6})等(?:一批)?"
                                    r"(?P<kind>[^，。；]{0,16}?)(?:工程|项目)(?:建设)?$")
# …天然林保护、防沙治沙、石漠化治理等重点生态工程: programmes' titles, not projects (fresh-3)


def project_list(text: str) -> list[str]:
    """The named projects of a list with their kind (青藏铁路、西气东输、西电东送等重点工程建设), or []."""
    match = _NAMED_PROJECT_LIST_RE.match(_TIME_PHRASE_RE.sub("", _strip_lead(text)))
    if not match or "生态" in match.group("kind"):
        return []
    parts = match.group("object").split("、")
    return parts if sum(map(_has_proper_name, parts)) >= 2 else []  # 西电东送 is no name to jieba


# a pilot in a named place whose reform the sentence named before: 积极推进农村税费改革，从根本上减轻农民负担，
# 今年将在安徽省进行试点 (国务院 2000)
_PILOT_IN_PLACE_RE = re.compile(r"^(?:今年|年内)?(?:将|要)?(?:先)?在[^，。；]{2,12}?(?:省|市|自治区|地区)(?:进行|开展|先行)试点(?:工作)?$")
_REFORM_BEFORE_RE = re.compile(r"(?:推进|进行|深化|实施|启动)(?P<reform>[^，。；、]{4,14}?改革)(?:[，,]|$)")


def pilot_topic(before: str, item: str) -> str:
    """The reform a pilot in a named place belongs to, named earlier in the sentence, or ""."""
    if not _PILOT_IN_PLACE_RE.match(_strip_lead(item)):
        return ""
    reforms = [m.group("reform") for m in _REFORM_BEFORE_RE.finditer(before)]
    if reforms and _specific(reforms[-1][:-2]):
        return reforms[-1]
    return ""


def deliverable_object(text: str) -> str | None:
    """The named object of a deliverable without a number (设立【中央预算稳定调节基金】,
    开展【营业税改征增值税试点】, 制定出台【农村集体土地征收补偿条例】), or None."""
    core = _TIME_PHRASE_RE.sub("", _strip_lead(text))
    for pattern in (_DRAFT_FIVE_YEAR_RE, _NAMED_GOAL_RE, _NAMED_CAMPAIGN_RE, _SET_UP_SYSTEM_RE, _SET_UP_MARKET_RE,
                    _NAMED_REGULATION_RE, _HARVEST_RE, _FISCAL_SYSTEM_RE):
        match = pattern.match(core)
        if match:
            return match.group("object")
    match = _CLEAN_UP_RE.match(core)
    if match and (match.group("check") or _specific(match.group("object"))):
        return match.group("check") or match.group("object")
    match = _NAMED_EVENT_RE.match(core)
    if match and _has_proper_name(match.group("object")):
        return match.group("object").lstrip("“")
    if project_list(text):
        return "、".join(project_list(text))
    if extension_places(text):
        return _PILOT_BEFORE_RE.match(text).group("object")
    match = _NATIONWIDE_RE.match(core)
    if match:
        obj = match.group("object") or match.group("reform")
        if _specific(re.sub(r"(?:试点|改革)$", "", obj).strip("“”")):
            return obj
    for pattern in (_PHASE_PROGRAMME_RE, _LEVELS_SYSTEM_RE, _EXTENDED_RE, _ADJUST_AREA_RE):
        match = pattern.match(core)
        if match and _specific(re.sub(r"(?:管理)?(?:体系|网络|制度|机制|补贴|补助|试点)$|(?:自然)?保护区$|园区$", "",
                                      match.group("object"))):
            return match.group("object")
    for pattern, ends in _DELIVERABLES:
        match = pattern.search(core)
        if not match:
            continue
        if match.group("object").startswith("的"):
            continue  # …聚焦…开展【的行动计划】: the verb belongs to a clause describing it
        obj = re.sub(r"^(?:在|对|把|将|从|的|一批|全国|各地)", "", match.group("object")).strip("“”\"")
        if _GENERIC_DOCUMENT_RE.fullmatch(obj) or _OTHERS_POLICIES_RE.search(obj) or obj.endswith(("干部", "俱乐部")):
            continue  # 认真制定整体规划: which plan, is not said; 组建…干部 is no ministry
        if obj.endswith("制度改革") and not re.search(r"全面(?:推进|推开)|推开|完成", text):
            continue  # 推进住房制度改革 goes on for years; 全面推进集体林权制度改革 is a roll-out to check
        if obj.endswith(("计划", "行动")) and not obj.endswith("专项行动") and \
                (re.match(r"(?:重点|重大|主要|各|有关|相关|一批|多个|若干)", obj) or "、" in obj):
            continue  # 开展重点领域、重点行业…就业支持计划: a list of fields, no one programme
        stem = obj
        for end in ends:
            if stem.endswith(end):
                stem = stem[: -len(end)]
                break
        if stem.endswith(("和", "及", "与", "、")):
            continue  # 开展集中打击和专项斗争: no name before the kind
        if obj.endswith("改革") and stem.endswith("的"):
            stem = stem[:-1]  # 基本完成省级政府的机构改革: whose reform
        if re.search(r"(?:19|20)\d\d", stem) and not re.search(r"(?:19|20)\d\d[-—–至到](?:19|20)\d\d", stem):
            stem = _TIME_PHRASE_RE.sub("", stem)
        if _specific(stem) or (not ends and _specific(obj)):
            return obj
        if ends == ("部",) and len(stem) >= 3:
            return obj  # 成立国家安全部: a ministry is named by what it is for, however generic its words
        if re.search(r"“[^”]{2,10}”$", match.group("object")) and len(stem) >= 2:
            return obj  # 尽快清理“三角债” (国务院 1990): a name in quotes is a name, however short its words
        if "免疫规划" in ends and len(obj) >= 4:
            return obj  # 纳入国家免疫规划: where things are taken in is named by its kind
        if obj.endswith(("税", "费")) and "税" in ends and len(obj) >= 3 and \
                not re.match(r"(?:各|有关|相关|一些|部分|不合理|乱|多种|其他|其它)", obj):
            return obj  # 今年在全国彻底取消农业税: a tax or fee is named by its kind (农业税, 牧业税, 学杂费)
        if obj.endswith(("试点", "制度")) and len(re.findall(r"[\u4e00-\u9fff]", stem)) >= 6 and \
                not re.search(r"[和、]|的$|^(?:各|全|本|该|其|这|那|多种|多个|若干|有关|相关|一批|一些)", stem):
            return obj  # 做好新型农村合作医疗制度试点: the name of a reform, however generic its words

    return None


_BUILD_LEAD_RE = re.compile(r"^(?:(?:重点|全力|加快|积极|抓紧|继续|大力)*(?:推进|推动|实施|建设|抓好)|把)")
_BUILD_AFTER_RE = re.compile(r"(?:[一二三四五六七八九]期)?(?:等)?(?:重点)?(?:项目|工程)?(?:建设|工程|项目)(?:工作)?")


_BUILT_THING_RE = re.compile(r"[一二三四五六七八九\d]期|水库|电站|电厂|水厂|枢纽|公路|铁路|高速|机场|港|码头|泊位|管道|堤防|河堤|大桥|隧道|"
                             r"学校|中学|小学|分校|大学|学院|医院|敬老院|养护院|卫生院|场馆|体育馆|主场馆|训练馆|纪念园|公园|"
                             r"基地|产业园|园区|物流园|市场|综合体|广场|商场|楼|馆|中心|小镇|景区|矿|核电|风电|光伏")


_PROPER_FLAGS = frozenset(("ns", "nr", "nrt", "nrfg", "nz", "nt", "j"))
_PROPER_MARK_RE = re.compile(r"[一二三四五六七八九十\d]+(?:期|届|冬|中|号)|第[一二三四五六七八九十\d]+|[A-Za-z]")
_SCHOOLS_RE = re.compile(r"^[\u4e00-\u9fff]{2,5}(?:中学|小学|分校|学校|幼儿园|医院|卫生院|敬老院|养护院)$")
_POS = None
_NOT_PROPER = frozenset(_WORDS.get("not_proper_names", []))  # common words jieba tags as names (城市, 新一轮)


@lru_cache(maxsize=16384)
def _has_proper_name(name: str) -> bool:
    """Does ``name`` hold a proper name — a place, a person, an organisation (jieba's part of
    speech: 南宁国际铁路港, 海拉尔大数据中心, 德江、盘州机场), a number that names it (十四冬主场馆,
    二期) or is it a school's or hospital's own name (桃李中学)?  Not 新型储能、虚拟电厂, 便民市场,
    郊野公园: kinds of things, each one unnamed."""
    global _POS
    if _PROPER_MARK_RE.search(name) or _SCHOOLS_RE.match(name):
        return True
    if _POS is None:  # jieba's own dictionary and tags (loaded once, about a second)
        import logging

        import jieba
        import jieba.posseg
        jieba.setLogLevel(logging.WARNING)
        _POS = jieba.posseg.dt
    return any(pair.flag in _PROPER_FLAGS and pair.word not in _NOT_PROPER for pair in _POS.cut(name))


def _builds_named(core: str, names: list[str]) -> str:
    """A project verb (推进, 实施, 建设) over named facilities whose building is the object:
    重点推进海拉尔大数据中心建设; 加快推进海拉尔至宝日希勒、特尼河农村公路建设; 重点实施桃李中学、
    三中分校、素质教育研学基地等项目.  Not 推进…示范区建设 without a name (the names are checked
    by ``named_objects``), not an organisation's reform (推进…集团改革).  Returns the name ("" when not)."""
    if not _BUILD_LEAD_RE.match(core) or _SET_PHRASES_RE.search(core):
        return ""
    for name in names:
        at = core.rfind(name)
        if at < 0 or name.startswith(("前期",)) or _ORG_SUFFIX_RE.search(name):
            continue
        if not name.endswith(_FACILITY_SUFFIXES + ("公路", "铁路", "站")):
            continue
        if name.endswith(("项目", "工程")) and not _BUILT_THING_RE.search(name[:-2]):
            continue  # 实施医疗卫生强基工程, 实施文化惠民工程: a programme's title, not a thing built
        if re.match(r"^(?:城市|农村|乡村|城乡|社区|这|那|该|各)", name):
            continue
        rest = core[at + len(name):]
        if core.startswith("把") and re.match(r"^(?:建设|项目|工程)?作为[^，。；]{2,16}(?:推进|建设|来抓)$", rest):
            return name if _has_proper_name(name) else ""  # 把十四冬主场馆建设作为2018年头号工程全力推进
        if _BUILD_AFTER_RE.fullmatch(rest) or name.endswith(("项目", "工程")) and not rest:
            # the names and what is listed with them
            return (names[0] if len(names) > 1 else name) if _has_proper_name(_BUILD_LEAD_RE.sub("", core)) else ""
    return ""


def classify_item(text: str, context: str = "") -> str | None:
    """target | action | None (not a commitment) for one item of plan text."""
    core = _strip_lead(text)
    if extension_places(text):
        return "action"  # …试点工作的基础上，将试点范围扩大到黑龙江和吉林两省
    guaranteed = re.sub(r"^(?:重点|优先|确保)?保证", "", core)
    stage = highest_stage(guaranteed) if guaranteed != core else None
    if stage is not None and stage.name in ("建成", "投入使用") and _is_project(guaranteed):
        return "action"  # 重点保证秦皇岛、营口、宁波、湛江等港的深水泊位建成投产 (国务院 1991)
    if _NOT_A_PROMISE_RE.search(core) or _NOT_A_PROMISE_RE.search(text.strip()):
        return None
    if _NO_DELIVERABLE_RE.search(core) or _NO_DELIVERABLE_RE.search(text.strip()):
        return None
    if _NOTHING_TO_DELIVER_RE.search(core) or _NOTHING_TO_DELIVER_RE.search(text.strip()):
        return None
    if _STANDING_WORK_RE.search(core) or _STANDING_WORK_RE.search(text.strip()):
        return None
    if _ACCREDITATION_RE.search(core) and not _PAST_RE.search(text) and not _HORIZON_RE.search(text):
        return "action"  # 申报国家5A级景区, 通过国家生态县技术核查: accredited or not
    if len(core) < 4 or _NOT_COMMITMENT_START_RE.match(core) and not project_list(text) or _PURPOSE_RE.match(core) or \
            _NOT_A_PROMISE_RE.search(core) or len(re.findall(r"[\u4e00-\u9fff]", QUANTITY_RE.sub("", core))) < 2:
        return None
    if _PAST_RE.search(text) or (_HORIZON_RE.search(text) and not _STARTS_PROGRAMME_RE.search(core) and
                                 not _DRAFT_FIVE_YEAR_RE.match(_TIME_PHRASE_RE.sub("", core))):
        return None
    quantities = [q for q in target_quantities(text) if q.measure != "input"]
    if core.startswith("为") and not quantities:
        return None
    if quantities and not _SET_PHRASES_RE.search(text):
        if _specific_indicator(indicator_of(text, quantities[0])):
            return "target"
        if context and _context_terms(context) and quantities[0].family not in ("pp", "‰"):
            return "target"  # 继续推进棚户区改造工程。…努力完成4000户的改造任务
    cleaned = _SET_PHRASES_RE.sub("", text)
    names = named_objects(cleaned)
    strong = [v for v in STRONG_VERBS if v in core]
    if not quantities and _builds_named(core, names):
        return "action"  # 重点推进海拉尔大数据中心建设, 重点实施桃李中学、三中分校…等项目
    if not strong and not quantities and _EXHORTATION_LEAD_RE.match(core) and not deliverable_object(text) and \
            not _is_project(core) and not any(_ORG_SUFFIX_RE.search(n) for n in names) and not _JOINED_NAMES_RE.search(cleaned):
        return None  # 加强关系经济社会全局和长远发展的重大项目建设: an exhortation, however concrete its words
    if strong:
        # a verb that ends in a checkable state, with a concrete or named object
        # (建成广湛高铁…等项目, 出台《…》, 推动湛江巴斯夫一体化基地建成投产)
        verb_at = min(core.find(v) for v in strong)
        obj = re.sub("^(?:" + "|".join(STRONG_VERBS) + ")+", "", core[verb_at:]) or core[:verb_at]
        bare = re.sub(r"(?:建设|工作|任务|工程|改造|改扩建|扩建|新建)$", "", obj)
        if _GENERIC_DOCUMENT_RE.fullmatch(bare) or _OTHERS_POLICIES_RE.search(bare):
            bare = ""  # 抓紧制定配套措施, 科学制定发展规划: a document with no subject of its own
        if "一批" in core and not quantities and not any(_has_proper_name(n) for n in names):
            return None  # 新开工改造一批老旧小区: how many, and which, is not said
        if names and not all(n.startswith(("前期",)) for n in names) and not re.search(r"前期工作|前期研究", core):
            return "action"
        if len(obj) >= 3 and _CONCRETE_END_RE.search(core) and not _ABSTRACT_END_RE.search(bare) and _specific(bare):
            return "action"
    # weaker verbs (推动, 扶持, 实施) only with an organisation or two joined names
    # (扶持康益药业…, 推动双良与华能供热管网贯通工程) or a document (落实《…》)
    joined = _JOINED_NAMES_RE.search(cleaned)
    # an organisation with a name (康益药业, 中国农业银行), not a kind of one (地方政府融资平台公司, 国有大型企业股份)
    orgs = [n for n in names if _ORG_SUFFIX_RE.search(n)]
    named_orgs = [n for n in orgs if _has_proper_name(n)]
    if orgs and not named_orgs and not _DOCUMENT_TO_ISSUE_RE.search(cleaned) and not deliverable_object(text) and \
            not core.endswith("试点"):
        return None
    if any(_ORG_SUFFIX_RE.search(n) for n in names) and _ORG_QUALITY_END_RE.search(core) and \
            not _DOCUMENT_TO_ISSUE_RE.search(cleaned):
        return None  # 加强中央银行对货币供应的调控能力, 构建…母子公司体制: an organisation's abilities, no deliverable
    if any(_ORG_SUFFIX_RE.search(n) for n in names) or _DOCUMENT_TO_ISSUE_RE.search(cleaned) or \
            (joined and _specific(joined.group(1)) and _specific(joined.group(2))):
        return "action"
    if re.search(r"开展[^，。；]{2,16}专项(?:治理|整治)?行动$", core):
        return "action"
    if not quantities and deliverable_object(text):
        return "action"  # 设立中央预算稳定调节基金, 开展营业税改征增值税试点, 出台…条例
    if not quantities and _is_project(core):
        return "action"

    if [q for q in target_quantities(text) if q.measure == "input"] and _CONCRETE_END_RE.search(core):
        return "action"
    return None


_MULTI_YEAR_TITLE_RE = re.compile(r"十[一二三四五六七八九]五|“[一二三四五六七八九十]{1,3}五”|五年|十年|规划纲要|中长期|远景目标|"
                                  r"[六七八九]五计划")


# a span of several years said before the item, in its sentence
_SPAN_BEFORE_RE = re.compile(r"用[两二三四五六七八九十]年(?:左右)?(?:的)?时间|(?<![今本当])(?:[两二三四五六七八九十]|几)年(?:之|以)?内|"
                             r"“?十?[一二三四五六七八九十]五”?(?:计划|规划)?(?:期间|时期)|今后五年|五年间")
# results reported before the item: 都有显著增长，如…
_RESULTS_BEFORE_RE = re.compile(r"(?:都|均)(?:已)?有(?:了)?(?:显著|较大|很大|大幅度|明显|较快)?的?(?:增长|提高|增加|发展)")


# fresh-10: a conversion or a correction (如果…则为…), a document this session deliberates (…，将提交本次大会审议:
# the session decides it, no later report does), two past years compared (一九五四年比一九五二年)
_HYPOTHETICAL_RE = re.compile(r"(?:如果|假如|倘若)[^。；！？]{2,80}则(?!要|应|必须)")
_AT_THIS_SESSION_RE = re.compile(r"(?:提交|提请)(?:本次|这次)(?:大会|会议)审议(?![^。；]{0,20}(?:成立|设立|建立))")
_PAST_YEARS_COMPARED_RE = re.compile(r"((?:19|20)\d\d)年比((?:19|20)\d\d)年")
# the glossary printed with a report (名词解释) explains terms; it promises nothing
_GLOSSARY_TITLE_RE = re.compile(r"^(?:附[：:]?)?(?:名词解释|名词注释|注释|释义)$")
_NUMBERED_TERM_RE = re.compile(r"\s*\d{1,3}[.．、]\s*[^：:。，；]{2,30}[：:]")


# this year (五年内 is no 年内); and what a five-year chapter says is for the plan year or the months ahead
_THIS_YEAR = r"今年|(?<![一二两三四五六七八九十几多])年内|本年度?(?!底)"
_THIS_YEAR_RE = re.compile(_THIS_YEAR)
_NEAR_TERM_RE = re.compile(_THIS_YEAR + r"|尽快|从速|抓紧|今冬明春|立即|(?:[一二两三四五六]|几)个月内|半年内|从今年(?:起|开始)|"
                           r"(?:国务院|中央)(?:已经|已)?(?:决定|建议|责成)(?!了)|(?:这次|本次)(?:大会|会议)")


_PAST_LIST_LEAD_RE = re.compile(r"已(?:经)?(?:建成|完成|实现|开工|投产|取得)|(?:两|三|几|一|五)年来|过去(?:的)?(?:一年|五年|几年)|去年")
_LOOK_BACK_LEAD_RE = re.compile(r"(?:过去的一年|过去一年|刚刚过去的[^，。；]{0,8}年|一年来|去年(?:以来)?)[，,]")


def opens_looking_back(passage: dict) -> bool:
    return bool(_LOOK_BACK_LEAD_RE.match(passage.get("text", "").lstrip(" \u3000")))


def extract(passage: dict, plan_year: int | None = None, looks_back: bool | None = None) -> list[Commitment]:
    """The commitments of one plan passage (its stored ``data`` dict).  ``looks_back``: the
    paragraph (of which this may be a later piece) opens by looking back at last year."""
    text = passage["text"]
    year = plan_year if plan_year is not None else passage.get("about_year")
    titles = list(passage.get("section_titles") or [])
    joined_titles = "".join(titles)
    # five-year goals are not answered by next year's review; in a five-year chapter only what is
    # for now is (国务院 1988, 今后五年…: 尽快制定《国家公务员条例》; 三个月内把新部委组建起来)
    near_term_only = bool(_MULTI_YEAR_TITLE_RE.search(joined_titles)) and \
        not re.search(r"20\d\d年", joined_titles[-20:]) and not _names_year(joined_titles, year)
    out: list[Commitment] = []
    # an entry of the glossary (名词解释), numbered, its term before a colon: 30.国家级战略性新兴产业集群：…四川现有…
    # (the 民生实事 that follow the glossary in some reports, 年度目标：引进留用3600名…, are promises)
    if any(_GLOSSARY_TITLE_RE.match(t.strip()) for t in titles) and _NUMBERED_TERM_RE.match(text):
        return out
    spans = sentences(text)
    # a paragraph that opens by looking back (过去的一年，…; 去年，…; 一年来，…) reports last year
    if looks_back is None:
        looks_back = opens_looking_back(passage)

    def sentence_text(start: int) -> str:
        return next((text[a:b] for a, b in spans if a == start), "")

    # a list that a look back introduces runs to the full stop: 已建成的主要有：加固大江大河大湖堤防近6100公里；
    # 新增公路通车里程1．2万公里，其中高速公路3358公里；… (国务院 2000, in a plan section)
    past_lists = []
    for colon in re.finditer(r"[：:]", text):
        lead = text[max(text.rfind("。", 0, colon.start()), text.rfind("；", 0, colon.start())) + 1:colon.start()]
        if _PAST_LIST_LEAD_RE.search(lead) or _COMPOSITION_LEAD_RE.search(lead):
            stop = text.find("。", colon.end())
            past_lists.append((colon.end(), stop if stop >= 0 else len(text)))
    this_year_paragraph = bool(_THIS_YEAR_PLAN_RE.search(text))
    for item in _items(text):
        if any(a <= item.start < b for a, b in past_lists):
            continue
        if opens_glossary_entry(text, item.start):
            continue  # a glossary entry (名词解释): 46.“两专科一中心”：每个县级中医医院建成两个中医特色优势专科…
        sentence_start = next((a for a, b in spans if a <= item.start < b), item.start)
        # a far goal stated before the item (到2027年，…) or in it applies; one after it does not
        # (今年…开展PM2.5监测，2015年覆盖所有地级以上城市)
        sentence = text[sentence_start:item.end]
        horizon = [int(y) for pair in _HORIZON_YEAR_RE.findall(sentence) for y in pair if y]
        horizon += [int(y) for y in re.findall(r"^((?:19|20)\d\d)年", _strip_lead(item.text))]  # 2010年要控制在14亿以内
        if year and any(h > year for h in horizon):
            continue  # 到2027年…: a goal beyond the plan year
        whole_sentence = sentence_text(sentence_start)
        spans_before = list(_SPAN_BEFORE_RE.finditer(text, sentence_start, item.start))
        if spans_before and not _THIS_YEAR_RE.search(
                text, spans_before[-1].end(), max(sentence_start + len(whole_sentence), item.end)):
            continue  # 从今年起用两年时间，全部免除…学杂费; “九五”期间的宏观调控目标，…: a goal of several years
        if _HYPOTHETICAL_RE.search(text, sentence_start, item.end) or _AT_THIS_SESSION_RE.search(whole_sentence):
            continue  # 如果仍然按照…计算，…则为…; 《国务院机构改革方案》，将提交本次大会审议
        compared = _PAST_YEARS_COMPARED_RE.search(nfkc(arabic_years(text[sentence_start:item.end])))
        if year and compared and int(compared.group(1)) < year and int(compared.group(2)) < year:
            continue  # 一九五四年比一九五二年，…普通中学在校学生人数增长百分之四十四 (1955): results
        if _RESULTS_BEFORE_RE.search(text[sentence_start:item.start]):
            continue  # 重要产品的产量都有显著增长，如…木材增长百分之一百一十一: results, not targets
        doc_year = (passage.get("doc") or {}).get("year")
        if year and doc_year == year and re.search(r"明年|下一年", sentence):
            continue  # 明年将在全国全部免征农业税 in the 2005 report: the plan of 2006, not of 2005
        opens_back = bool(re.match(r"(?:[^，。；]{0,12}[，,])?(?:两|三|几|五|一)年来|过去(?:的)?(?:一年|五年|几年)|去年[，,]",
                                   whole_sentence.lstrip(" \u3000")))
        if re.match(r"[^，。；]{0,16}(?:总体要求|指导思想|总的要求|总体思路)(?:是)?[：:]", whole_sentence.lstrip(" \u3000")):
            continue  # 今年政府工作的总体要求是：…重点发展“四大经济”、…争创全国文明城市: the year's slogan, not its tasks
        if near_term_only and not _NEAR_TERM_RE.search(whole_sentence):
            continue
        if passage.get("this_year_only") and not _THIS_YEAR_PLAN_RE.search(whole_sentence) and \
                not (_FUTURE_RE.search(whole_sentence) and this_year_paragraph):
            continue  # a report with no plan section: only what it says is to be done this year
        if (looks_back or opens_back) and not re.search(r"今年|明年|(?<![主需重必纲])要(?![求素])|将(?!近)|力争|争取|拟" + (f"|{year}年" if year else ""), whole_sentence):
            continue  # 过去的一年，…国内生产总值比上年增长10.2%: a look back at the start of a plan section
        past = re.match(r"^(?:在|从|自)?((?:19|20)\d\d)年(?!底前|前|内|起|开始|[^，。；]{0,6}基础上)", nfkc(arabic_years(_strip_lead(item.text))))
        if year and past and int(past.group(1)) < year:
            continue  # 一九五八年我国只生产八十万千瓦; 1998年以来开工建设的…: an earlier year's fact, not this year's plan
        base = re.search(r"比((?:19|20)\d\d)年", nfkc(arabic_years(item.text)))
        if year and base and int(base.group(1)) < year - 1:
            continue  # 比一九五二年的七十三亿一千万元增长百分之八十三 (1959): a comparison over years, not this year's target
        if re.search(r"包括", text[sentence_start:item.start]) and \
                re.match(_CN_COUNT + r"[个项座家所处条][^，。；]{2,20}$", _strip_lead(item.text)) and \
                not re.search(r"建成|建设|新建|完成|增长|增加|达到|实现|改造|开工|投产", item.text):
            continue  # 其中包括五十一个钢铁企业，三十三个有色金属企业，…: a part of a list, not a promise
        if _NOT_OURS_BEFORE_RE.search(text[sentence_start:item.start]):
            continue  # an example, a call on others, a share of a total, a comment, what others are encouraged to do
        kind = classify_item(item.text)
        pilot_of = pilot_topic(text[sentence_start:item.start], item.text) if kind is None else ""
        if pilot_of:
            kind = "action"  # 积极推进农村税费改革，…，今年将在安徽省进行试点: the pilot of the reform named before
        if kind is None and target_quantities(item.text):  # a bare number may take its topic from the context
            kind = classify_item(item.text, _context_of(text, item, titles))
        if kind is None:
            continue
        context = _context_of(text, item, titles)
        quantities = [q for q in target_quantities(item.text) if q.measure != "input"] if kind == "target" else []
        context_terms = _context_terms(context)
        for q in quantities:
            q.indicator = indicator_of(item.text, q)
        borrowed = bool(quantities) and not _specific_indicator(quantities[0].indicator)
        for index, q in enumerate(quantities):
            if _specific_indicator(q.indicator):
                continue
            joined = item.text[q.end:quantities[index + 1].start] if index + 1 < len(quantities) else "x"
            if index + 1 < len(quantities) and joined in ("、", "和", "及") and _specific_indicator(quantities[index + 1].indicator):
                q.indicator = quantities[index + 1].indicator  # 3800户、58万平方米棚户区改造
            elif index > 0 and _specific_indicator(quantities[index - 1].indicator):
                q.indicator = quantities[index - 1].indicator  # 增长20%，达到282亿元
                own = re.search(r"(?:新开工|开工|建成|基本建成|完成|新建|改造|新增|竣工)$",
                                item.text[quantities[index - 1].end:q.start].lstrip("、，,和及"))
                if own and not q.indicator.endswith(own.group(0)):
                    q.indicator = re.sub(r"(?:新开工|开工|基本建成|建成|完成|新建|改造|新增|竣工)$", "",
                                         q.indicator) + own.group(0)
            elif context_terms:
                q.indicator = context_terms[0]
        for index in range(len(quantities) - 2, -1, -1):  # again, for runs of three
            q, nxt = quantities[index], quantities[index + 1]
            if item.text[q.end:nxt.start] in ("、", "和", "及") and not _specific_indicator(indicator_of(item.text, q)) \
                    and _specific_indicator(nxt.indicator):
                q.indicator = nxt.indicator
        for q in quantities:
            q.start += item.start
            q.end += item.start
        quantities = [q for q in quantities if _specific_indicator(q.indicator)] or quantities[:1]
        indicator = quantities[0].indicator if quantities else indicator_of(item.text, None)
        names = named_objects(_SET_PHRASES_RE.sub("，", item.text))
        doer = re.search(r"要(?:全面|逐步|普遍)?(?:实行|推行|实施)", item.text) if kind == "action" else None
        if doer:  # 商业银行从今年开始要全面实行贷款质量五级分类制度: who is to do it is not what is to be done
            names = [n for n in names if n not in item.text[:doer.start()] or n in indicator]
        deliverable = deliverable_object(item.text) if kind == "action" else None
        built = _builds_named(_strip_lead(item.text), names) if kind == "action" and not deliverable else ""
        if built:
            indicator = built  # 把十四冬主场馆建设作为…全力推进 → 十四冬主场馆
        if pilot_of:
            deliverable = pilot_of + "试点"
        if deliverable and "、" in deliverable and project_list(item.text):
            indicator = deliverable
            names = project_list(item.text)  # each project of the list is reported on by itself
        elif deliverable:
            indicator = deliverable
            names = [deliverable] + [n for n in names if n != deliverable]
            stem = re.sub(r"(?:的)?(?:试点|三年行动|攻坚行动|专项行动|专项斗争|管理体系|体系|网络)$", "", deliverable)
            if stem != deliverable and len(stem) >= (2 if deliverable.endswith(("体系", "网络")) else 4):
                names.append(stem)  # 农村信用社改革试点 is reported as 农村信用社改革扩大到29个省
        indicators = list(dict.fromkeys(q.indicator for q in quantities)) or [indicator]
        if kind == "target":
            aim = deliverable_object(item.text)  # 将甲肝、流脑等15种…传染病纳入国家免疫规划: also by 国家免疫规划
            if aim and aim not in names:
                names = names + [aim]
        if kind == "target" and (borrowed or indicators[0].startswith("试点")):
            # 今年把试点范围扩大到全国40%的县: which pilot is the sentence's topic (新型农村合作医疗制度)
            names = names + [t for t in context_terms if t not in indicators]
        out.append(Commitment(
            id=f"{passage['id']}.c{len(out) + 1}",
            text=item.text,
            kind=kind,
            targets=quantities,
            indicator=indicator,
            terms=_terms(item.text, indicators, names, kind),
            objects=(_objects(item.text, names) or _shared_head_objects(item.text, names)) if kind == "action" else [],
            subactions=_subactions(item.text) if kind == "action" else [],
            passage_id=passage["id"],
            doc_id=passage["doc_id"],
            start=item.start,
            end=item.end,
            plan_year=year,
            passage=passage,
            context_terms=context_terms,
            places=extension_places(item.text) if kind == "action" else [],
        ))
    return out


from huigu.lexicon.doctypes import PLAN_TYPES as PLAN_DOC_TYPES


def _names_year(title: str, year: int | None) -> bool:
    """Does a heading name the plan year itself, in any spelling?  我们在第二个五年计划的第二年——
    一九五九年经济战线上的任务 (国务院 1959) is the plan of 1959, though it names the five-year plan."""
    if not year:
        return False
    title = nfkc(title)
    return any(f"{spelling}年" in title for spelling in year_spellings(year))



def plan_only(doc: dict) -> bool:
    """A document that is all plan (2024年工作要点): its passages count as plan even
    when no heading says so."""
    outline = doc.get("outline") or []
    if any(s.get("kind") in ("review", "problem") for s in outline):
        return False
    return doc.get("doc_type") in PLAN_DOC_TYPES or (doc.get("plan_year") and not doc.get("review_year"))


_PLAN_HEADER_RE = re.compile(r"(?:今年|明年|本年度|(20\d\d|19\d\d)年)[^。；]{0,24}(?:预期目标|主要目标|目标任务|主要任务|工作安排|工作要点)"
                             r"(?:是|为|：|:)")


# in a paragraph that says what is for this year, a sentence about what will be done (政府的教育经费将达到374亿元;
# 抓紧制订到本世纪末我国教育发展和改革纲要) is of this year too
_FUTURE_RE = re.compile(r"(?<![即])将(?!近|来)|抓紧|尽快|(?<![主需重必纲])要(?![求素])")
_THIS_YEAR_PLAN_RE = re.compile(r"(?:今年|年内)[^。；]{0,12}?(?:要|将|计划|拟|力争|争取|安排)(?!求)|"
                                r"(?:国务院|中央)(?:已经|已)?决定(?!了)|从今年(?:开始|起)")
_REVIEW_TITLE_RE = re.compile(r"执行情况|完成情况|落实情况|工作回顾|主要成效|取得的成绩")
# a paragraph that announces the year's work before sections with no plan word in their titles:
# 今年要着重做好以下八个方面工作 (国务院 2002, after 首先报告２００１年的工作 and before 一、扩大和培育内需…)
_PLAN_LEAD_IN_RE = re.compile(r"(?:今年|本年度|明年)[^。；]{0,10}(?:要|将|需要|必须)?[^。；]{0,6}(?:做好|抓好|着重|重点|突出)"
                              r"[^。；]{0,10}(?:以下|下面|下列)[^。；]{0,10}(?:方面|项|件|个方面)?(?:的)?(?:工作|任务)|"
                              # 国务院 1984, before 一、…五、 of reforms: 为了进一步巩固和发展大好形势，在新的一年里，我们要继续…
                              r"^[^。；]{0,30}在新的一年(?:里|中)?[，,][^。；]{0,6}我们(?:要|将)")


# a section after the review that is about foreign policy or the state's political life
# (国务院 1959: 关于对外政策; 1992: 关于国际形势和外交工作): no plan of the year, though it follows the review
_ABROAD_TITLE_RE = re.compile(r"对外政策|外交|国际形势|国际关系|政治生活")
_ABROAD_OPENING_RE = re.compile(r"\s*关于[^。，；]{0,6}(?:对外政策|外交|国际形势|国际关系)")


def plan_passages(passages: Iterable[dict], doc: dict | None = None) -> list[dict]:
    """The passages of a document that hold its plan.

    Besides passages under a plan heading: every passage of a plan-only document; the
    passages after the review whose section is about the plan year even when its heading
    has no plan word (二、2010年主要任务); and a passage that states the year's targets
    (今年经济社会发展的主要预期目标是：…) wherever it stands."""
    passages = list(passages)
    doc = doc or {}
    whole = plan_only(doc) if doc else False
    plan_year = doc.get("plan_year")
    review_year = doc.get("review_year")
    seen_review = False
    # a report with no section told apart (国务院 1979, 1987, 1989: every section reviews and plans, or one
    # heading of 120 passages has a plan word): its sentences that say what is to be done this year
    # (今年要…, 今年计划…) are its plan
    planned = sum(p.get("kind") == "plan" for p in passages)
    unsorted = bool(plan_year) and bool(passages) and not any(
        p.get("kind") in ("review", "problem") for p in passages) and planned * 10 < len(passages) and not whole
    lead_in = False  # a paragraph announced the year's work: what follows (not review) is plan
    out = []
    for passage in passages:
        kind = passage.get("kind")
        if passage.get("is_heading"):
            continue
        top = (passage.get("section_titles") or [""])[0]
        if kind == "plan" and _REVIEW_TITLE_RE.search(top) and not re.search(r"(?:打算|思路|安排|目标和任务|要点)", top):
            kind = "review"  # 一、1990年计划的执行情况 is a look back, whatever its plan word
        if kind in ("review", "problem"):
            seen_review = True
            continue
        if kind == "plan" or (whole and kind == "other"):
            out.append(passage)
            continue
        if kind != "other" or not plan_year:
            continue
        if lead_in and _ABROAD_OPENING_RE.match(passage.get("text", "")):
            lead_in = False  # 关于外交工作 一年来，…: the reforms announced are over, foreign policy follows
        if lead_in and passage.get("section_path"):
            out.append(passage)
            continue
        if unsorted and not lead_in and _THIS_YEAR_PLAN_RE.search(passage.get("text", "")) and \
                not any(_PLAN_LEAD_IN_RE.search(p.get("text", "")) for p in passages if not p.get("section_path")):
            out.append({**passage, "this_year_only": True})
            continue
        if not lead_in and not passage.get("section_path") and _PLAN_LEAD_IN_RE.search(passage.get("text", "")):
            lead_in = True
        header = _PLAN_HEADER_RE.search(passage.get("text", ""))
        if header and (header.group(1) is None or int(header.group(1)) == plan_year) or seen_review and passage.get("about_year") == plan_year and plan_year != review_year and \
                passage.get("section_path") and not _ABROAD_TITLE_RE.search(top):
            out.append(passage)
    return out


def extract_all(passages: Iterable[dict], doc: dict | None = None) -> list[Commitment]:
    """Commitments of every plan passage among ``passages`` (stored data dicts, in order).
    With ``doc``, plan sections without a plan heading are found too (see ``plan_passages``)."""
    out = []
    opened: dict[tuple, bool] = {}  # paragraph → its first piece looks back (过去的一年，…)
    for passage in plan_passages(passages, doc):
        year = passage.get("about_year") or (doc or {}).get("plan_year")
        if passage.get("kind") != "plan" and (doc or {}).get("plan_year"):
            year = doc["plan_year"]
        paragraph = (tuple(passage.get("section_path") or []), passage.get("paragraph"))
        if passage.get("piece", 1) == 1 or paragraph not in opened:
            opened[paragraph] = opens_looking_back(passage)
        out.extend(extract(passage, year, opened[paragraph]))
    # the same promise said twice in one report (国务院 1991: the file holds the report twice; 深入开展“双拥”活动
    # in two chapters) is one row, cited where it is first said
    seen: set[tuple] = set()
    unique = []
    for commitment in out:
        key = (commitment.plan_year, commitment.kind, commitment.text)
        if key not in seen:
            seen.add(key)
            unique.append(commitment)
    return unique
