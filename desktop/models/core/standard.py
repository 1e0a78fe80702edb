"""Facts from the standard DB 4502/T 《质量服务"一站式"平台服务规范》 and Liuzhou's administrative map.

§5 (服务内容) as data: every category with its clause number, and every numbered item with its text.
Categories whose clause has no numbered sub-items (5.4, 5.5, 5.6, 5.9, 5.11, 5.12) get one item carrying
the category's own clause and text, so every request can be classified against an item.
"""

from __future__ import annotations

from typing import NamedTuple


class SeedItem(NamedTuple):
    clause: str
    title: str
    text: str


class SeedCategory(NamedTuple):
    clause: str
    name: str
    name_en: str
    items: tuple[SeedItem, ...]


CATALOGUE: tuple[SeedCategory, ...] = (
    SeedCategory("5.1", "计量技术服务", "Metrology", (
        SeedItem("5.1.1", "计量法律法规政策咨询", "提供计量法律法规政策咨询服务。"),
        SeedItem("5.1.2", "计量检测体系建设与检定校准", "提供计量检测体系建设（包含量值传递溯源体系建设、计量器具配备、"
                 "计量人员培训、计量方法研究等）、计量检定、校准、检测等方面咨询和技术服务。"),
    )),
    SeedCategory("5.2", "标准技术服务", "Standards", (
        SeedItem("5.2.1", "企业标准自我声明与符合性评价", "应提供企业标准自我声明公开指导和企业标准符合性评价服务。"),
        SeedItem("5.2.2", "标准销售、查询与有效性确认", "应提供标准销售、标准信息查询、标准有效性确认服务。"),
        SeedItem("5.2.3", "标准化技术服务", "应提供标准化技术服务，包括标准体系建设、标准化试点示范建设、"
                 "企业标准化良好行为咨询和评价等。"),
        SeedItem("5.2.4", "标准制修订指导", "应提供地方标准、团体标准、企业标准等标准制修订指导服务。"),
    )),
    SeedCategory("5.3", "认证认可服务", "Certification and accreditation", (
        SeedItem("5.3.1", "认证法律法规咨询", "应提供强制性认证、自愿性认证相关法律法规咨询服务。"),
        SeedItem("5.3.2", "认证机构及范围咨询", "应提供具有资质的认证机构及其认证范围咨询服务。"),
        SeedItem("5.3.3", "自愿性认证推介与方案定制", "应提供产品、服务、管理等自愿性认证推介服务，为企业量身定制认证方案。"),
    )),
    SeedCategory("5.4", "检验检测服务", "Inspection and testing", (
        SeedItem("5.4", "检验检测咨询和技术服务", "应提供产品研发、采购、生产、供应、认证认可各阶段检验检测和质量安全"
                 "风险评估及检验检测方法研究等方面的咨询和技术服务。"),
    )),
    SeedCategory("5.5", "质量管理服务", "Quality management", (
        SeedItem("5.5", "质量管理培训、交流与测评", "应提供质量管理培训、先进质量管理方法学习和经验交流，"
                 "以及质量测评等方面的咨询和服务。"),
    )),
    SeedCategory("5.6", "特种设备检测服务", "Special equipment", (
        SeedItem("5.6", "特种设备咨询和技术服务", "应提供特种设备的生产（包括设计、制造、安装、改造、修理）、使用、"
                 "检验、检测等方面的咨询和技术服务。"),
    )),
    SeedCategory("5.7", "品牌培育服务", "Brand building", (
        SeedItem("5.7.1", "质量奖申报与品牌建设", "应提供各级政府质量奖申报、品牌价值评价和品牌建设等方面的咨询和技术服务。"),
        SeedItem("5.7.2", "商标注册与地理标志咨询", "应提供商标注册咨询服务，地理标志保护产品申报咨询服务。"),
        SeedItem("5.7.3", "商标运用与维权指导", "应开展商标有效运用和商标维权指导服务。"),
        SeedItem("5.7.4", "专利转化运用与保护", "应提供专利转化运用、专利申请、专利维权等运用与保护方面的咨询和技术服务。"),
    )),
    SeedCategory("5.8", "知识产权保护和创造服务", "Intellectual property", (
        SeedItem("5.8.1", "专利申请查询与知识产权维权援助", "应提供专利申请查询一站式服务、知识产权侵权纠纷行政保护服务、"
                 "高价值知识产权创造运用服务、知识产权维权援助等法律服务。"),
        SeedItem("5.8.2", "专利导航预警与质押融资", "可提供专利导航预警、知识产权质押融资等服务。"),
        SeedItem("5.8.3", "高价值专利培育与侵权纠纷咨询", "应提供高价值专利培育运用和专利侵权纠纷等咨询和相关服务。"),
    )),
    SeedCategory("5.9", "市场主体准入服务", "Market entry", (
        SeedItem("5.9", "登记注册咨询", "应提供登记注册咨询服务。"),
    )),
    SeedCategory("5.10", "食品安全技术服务", "Food safety", (
        SeedItem("5.10.1", "食品安全咨询与投诉", "应提供食品安全咨询、投诉服务。"),
        SeedItem("5.10.2", "食品安全追溯体系建设", "应提供建立健全食品安全可追溯体系的咨询和服务。"),
    )),
    SeedCategory("5.11", "企业培训服务", "Enterprise training", (
        SeedItem("5.11", "质量基础设施培训信息", "应为企业、客户提供计量、标准、认证认可、检验检测、质量管理等相关培训信息。"),
    )),
    SeedCategory("5.12", "其他服务", "Other services", (
        SeedItem("5.12", "市场监管相关其他服务", "开展市场监管相关的其他服务。"),
    )),
)

# Liuzhou's counties and districts with their GB/T 2260 codes (used for realistic USCCs), then the new
# districts, which have no code of their own.
DISTRICT_CODES: dict[str, str] = {
    "城中区": "450202",
    "鱼峰区": "450203",
    "柳南区": "450204",
    "柳北区": "450205",
    "柳江区": "450206",
    "柳城县": "450222",
    "鹿寨县": "450223",
    "融安县": "450224",
    "融水苗族自治县": "450225",
    "三江侗族自治县": "450226",
}
NEW_DISTRICTS: tuple[str, ...] = ("柳东新区", "北部生态新区")
DISTRICTS: tuple[str, ...] = (*DISTRICT_CODES, *NEW_DISTRICTS)

INDUSTRIES: tuple[str, ...] = (
    "汽车及零部件", "钢铁冶金", "机械装备", "化工", "食品加工", "螺蛳粉产业", "林产加工", "电子信息",
    "建材", "纺织服装", "医药", "商贸流通", "餐饮住宿", "农业", "物流", "软件和信息服务", "其他",
)
