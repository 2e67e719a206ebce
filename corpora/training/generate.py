"""Write corpora/training/units.jsonl: labelled activity units composed from per-type phrase pools.

The phrases below were written for this project; every line of output is labelled by the pool it
comes from (not by keyword rules), and the pools mix trigger words with plain descriptions so the
typer learns more than the taxonomy's word lists. Run: python corpora/training/generate.py
The held-out paraphrases (paraphrases.jsonl) are written by hand and never generated here, and so are
calendar_units.jsonl (items of school calendars, kindergarten weeks and office schedules, labelled
by the shared gold conventions), which the typer reads beside units.jsonl.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_TYPE = 48

POOLS: dict[str, list[str]] = {
    "meeting": ["集团理事会会议", "校长联席会议", "教学管理工作例会", "集团工作推进会",
                "学期初工作部署会", "集团领导小组碰头会", "教导主任座谈会", "集团年度工作启动会",
                "成员校校长碰面议事", "各校负责人聚在一起商议集团事务",
                "集团管理层例行聚会通报工作进展", "召集各校分管领导开会布置任务",
                "理事长学校牵头召集成员校负责人议事", "教学副校长协调会", "德育主任工作会议",
                "集团办公室月度例会", "教育集团领导工作例会", "校长书记联席会"],
    "seminar": ["专题研讨会", "课堂教学改革论坛", "青年教师成长沙龙", "经验交流会",
                "围绕作业设计展开专题研讨", "双减背景下课堂转型研讨活动",
                "学科核心素养落地主题研讨", "大单元教学设计探讨", "教师读书分享会", "校长论坛",
                "就教学难点问题进行深入研讨", "聚焦课堂提问策略的专题交流",
                "跨校教学主张思辨与碰撞", "各校代表围坐交流办学心得", "名校长办学思想分享",
                "课改经验交流研讨", "毕业班工作专题研讨", "新学年工作的研讨"],
    "joint_research": ["联合教研活动", "跨校集体备课", "同课异构", "网络教研", "教研联动",
                       "听课评课活动", "主题式联合教研", "联片教研", "磨课活动", "说课评课",
                       "各校同学科教师共同备课", "同一课题不同教师分别上课后集体评议",
                       "借助网络平台开展线上教研", "学科组之间互相听课议课",
                       "单元整体教学的联合研修", "跨校备课组协同研究教材", "常态化的教研联动",
                       "异校同构课例研究"],
    "inspection": ["教学视导", "教学常规检查", "随堂听课调研", "推门听课", "督导检查",
                   "教学调研与指导", "集团视导团深入课堂", "对成员校教学常规进行抽查",
                   "专家组到各校查看备课与作业批改", "深入课堂了解教学实际并反馈意见",
                   "教学五认真落实情况检查", "期中教学巡查", "视导组进校诊断教学",
                   "作业布置与批改情况调研", "集团内教学视导", "分赴各校开展教学调研"],
    "open_lesson": ["公开课", "示范课展示", "青年教师亮相课", "新教师汇报课", "骨干教师展示课",
                    "名师示范课", "课堂教学开放日", "观摩课活动", "送课下乡", "研究课展示",
                    "优质课展示", "见习教师上课展示", "名师走进课堂为老师们上一节引领课",
                    "骨干教师执教引领课", "骨干教师课堂教学展示活动", "见习期教师的亮相课",
                    "金秋开课活动"],
    "competition": ["青年教师教学技能比武", "教学基本功大赛", "课堂教学评比", "优质课评比",
                    "班主任技能大赛", "教师解题能力竞赛", "说课比赛", "板书设计评比",
                    "教学设计评选", "论文评比", "微课制作比赛", "教师粉笔字擂台赛", "命题能力竞赛",
                    "青年教师同台竞技比拼教学功底", "教师演讲比赛", "教学案例征文评选"],
    "training": ["新教师岗前培训", "专家讲座", "专题报告会", "班主任培训", "信息技术应用能力培训",
                 "师德师风专题讲座", "邀请专家作学术报告", "教师通识培训", "课标解读专题培训",
                 "心理健康教育讲座", "请高校教授为全体教师授课", "名师为青年教师作理论辅导",
                 "骨干教师研修班", "线上研修学习", "作业设计专家指导", "校本研修培训"],
    "mentoring": ["师徒结对", "青蓝工程", "骨干教师带教青年教师", "结对帮扶", "拜师仪式",
                  "名师工作室带徒", "传帮带活动", "导师制培养", "新教师跟随师傅学习",
                  "签订师徒协议", "薄弱学校与优质学校结成对子", "城乡学校结对共建",
                  "名师帮带青年教师成长", "青年教师的带教工作", "中层管理的带教",
                  "师傅定期指导徒弟备课上课"],
    "teacher_exchange": ["互派师资", "教师交流轮岗", "顶岗支教", "跟班学习", "送教下乡",
                         "骨干教师到薄弱学校支教", "中层干部挂职锻炼", "教师跨校流动",
                         "优秀教师到农村学校蹲点", "成员校派年轻老师到核心校跟岗",
                         "管理干部互派任职", "教师柔性流动", "派驻教学骨干",
                         "核心校教师到成员校任教一年", "互派师资采取顶岗跟班等形式"],
    "quality_analysis": ["教学质量分析会", "期中考试质量分析", "学业质量监测", "质量检测分析",
                         "期末统测成绩分析", "集团联考", "试卷分析研讨", "教学质量诊断",
                         "统一命题统一阅卷", "各校考试成绩对比与反思", "学情调研分析",
                         "质量评估反馈", "各学科成绩排名与问题查摆", "中考成绩分析",
                         "质量分析研讨活动", "期中教学质量诊断"],
    "showcase": ["成果展示", "现场展示活动", "办学成果展", "学生作品展览", "艺术展演",
                 "集团成果汇报", "特色项目现场会展示", "课程建设成果展示", "集团开放日",
                 "科技创新成果展", "校园文化成果汇演", "教育集团化办学成果博览", "社团成果展示",
                 "劳动教育成果展", "市级现场展示活动"],
    "curriculum": ["校本课程开发", "特色课程建设", "拓展课程共建", "课程资源共享", "校本教材编写",
                   "精品课程建设", "选修课程开设", "课程基地建设", "地方特色课程",
                   "劳动教育课程开发", "社团课程体系", "阅读课程建设", "学科拓展类课程开发",
                   "特色课程的交流", "校本练习的开发"],
    "research_project": ["课题研究", "区级课题开题", "市级课题结题", "教育科研课题", "小课题研究",
                         "创新项目研究", "子课题研究", "课题中期论证", "科研项目申报",
                         "教学改革实验项目", "课题组定期开展研究活动", "集团共同承担省级规划课题",
                         "课题成果鉴定", "教改项目推进", "教育科研课题的研究",
                         "创新人才培养培育项目"],
    "student_activity": ["学生社团活动", "学生互动交流", "研学旅行", "夏令营", "学生运动会",
                         "艺术节", "科技节", "读书节", "学生联谊活动", "手拉手活动", "学生竞赛",
                         "少先队活动", "学生志愿者服务", "学生到兄弟学校互动学习",
                         "组建学生兴趣社团"],
    "review": ["工作总结交流", "期末交流", "资料整理", "年终总结", "学期工作总结", "总结表彰大会",
               "档案整理归档", "集团年度考核总结", "回顾一学期工作得失", "整理活动照片与记录",
               "撰写年度工作报告", "材料收集与汇编", "学年工作回顾", "各校汇报工作完成情况",
               "相关资料整理", "教育集团工作期末交流"],
    "planning": ["制定集团工作计划", "修订集团章程", "制度建设", "三年发展规划", "建立联系制度",
                 "完善考核办法", "制定实施方案", "建立例会制度", "拟定学期工作安排",
                 "商讨新学年工作思路", "健全管理制度", "出台集团管理细则",
                 "确定年度工作目标与任务", "规划集团发展蓝图", "协商修定集团章程",
                 "建立教育集团内领导例会制度"],
    "other": ["校园环境整治", "捐书献爱心", "节日慰问退休教师", "党建共建活动", "爱心义卖",
              "文明城市创建宣传", "校车安全管理", "后勤保障工作", "垃圾分类宣传", "疫情防控工作",
              "工会文体活动", "教职工体检", "学校网站信息更新", "招生宣传", "慰问困难教职工",
              "食堂物资采购"],
}

TIMES = ["第3周", "第10周", "10月", "11月中旬", "9月", "12月底", "3月份", "4月下旬", "下学期",
         "第一学期第7周", "5月", "年初", "6月上旬", "1210日下午"]
SCHOOLS = ["城东小学", "江南实验学校", "桥头中学", "新华初级中学", "育英学校", "光华小学",
           "河西中学", "青松学校"]
SUBJECTS = ["语文", "数学", "英语", "科学", "道德与法治", "中学史地", "音乐", "体育", "信息科技",
            "中小学英语"]
VERBS = ["开展", "组织", "举行", "召开", "进行", "举办", "组织开展", "安排"]
GROUPS = ["集团", "各校", "三校联合", "教育集团", "成员学校", "联盟学校"]


def compose(core: str, rng: random.Random) -> str:
    """One realistic line around a core phrase: a calendar column, a plan item or a past sentence."""
    time, school, school2 = rng.choice(TIMES), rng.choice(SCHOOLS), rng.choice(SCHOOLS)
    subject, verb, group = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(GROUPS)
    forms = [
        "{core}",
        "{verb}{core}",
        "{time}{verb}{core}",
        "{core}   {school}   {time}",
        "{time}，{group}{verb}了{core}",
        "{subject}{core}",
        "{core}（{school}、{school2}）",
        "{group}{core}",
        "{time}：{core}",
        "{school}承办{core}",
        "{core}，{school}负责",
    ]
    return rng.choice(forms).format(core=core, time=time, school=school, school2=school2, subject=subject,
                                    verb=verb, group=group)


def main() -> None:
    rng = random.Random(20240917)
    lines = (HERE / "paraphrases.jsonl").read_text("utf-8").splitlines()
    held_out = {json.loads(line)["text"] for line in lines if line.strip()}
    rows = []
    for label, pool in POOLS.items():
        seen: set[str] = set()
        for core in pool:  # every core phrase once on its own
            seen.add(core)
        while len(seen) < PER_TYPE:
            seen.add(compose(rng.choice(pool), rng))
        rows += [{"text": text, "label": label} for text in sorted(seen) if text not in held_out]
    out = HERE / "units.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} units to {out}")


if __name__ == "__main__":
    main()
