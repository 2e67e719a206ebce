"""Build real Office and PDF fixture files (docx, xlsx, xls, pdf, doc) for the parse tests."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

TITLE = "城东教育集团2021学年第一学期工作计划"
INTRO = ("本学期，集团以“深度融合、共同成长”为主题，继续推进各成员学校之间的联合教研，"
         "促进优质资源共享，提升整体办学水平。")
GOALS = ["完善集团理事会议事制度，每月召开一次工作例会。",
         "开展语文、数学学科联合教研，每校至少承办一次。",
         "组织青年教师课堂教学评比活动。"]
ROWS = [  # (周次, 活动内容, 承办学校)
    ("第3周", "集团工作例会", "城东实验小学"),
    ("第6周", "语文学科联合教研", "河西小学"),
    ("第10周", "青年教师课堂教学评比", "城东实验小学"),
]
NOTE = "备注：具体时间以集团通知为准。"
FRAMED = "附：各校联络员名单另行发布。"
CLOSING = "三、保障措施：各校落实专人负责，确保各项活动按时开展。"
SIGNATURE = "城东教育集团办公室"
SUBTITLE = "附件 联络员名单"


def _set_num(paragraph, num_id: int = 1, ilvl: int = 0) -> None:
    """Put numPr (numbering) straight into the paragraph's pPr, as Word does."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(lvl)
    num_pr.append(nid)
    ppr.append(num_pr)


def _wrap_in_sdt(paragraph) -> None:
    """Move a body paragraph inside a content control (w:sdt/w:sdtContent)."""
    from docx.oxml import OxmlElement

    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(OxmlElement("w:sdtPr"))
    sdt.append(content)
    p = paragraph._p
    p.addprevious(sdt)
    content.append(p)


def _add_page_number_footer(document, header_text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = document.sections[0]
    section.header.paragraphs[0].text = header_text
    para = section.footer.paragraphs[0]
    para.add_run("第 ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = para.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    para.add_run(" 页")


def plan_docx(*, pages: int = 1, footer: bool = False, core_title: str = TITLE,
              content_control: bool = True) -> bytes:
    """A plan: title, intro, numbered goals, a table with vertical/horizontal merges and a nested
    table, a one-cell frame table, a paragraph in a content control, and a custom 标题 2 style."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.core_properties.title = core_title
    zh_heading = document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    zh_heading.base_style = document.styles["Normal"]
    if footer:
        _add_page_number_footer(document, "城东教育集团")
    document.add_heading(TITLE, level=1)
    document.add_paragraph(INTRO)
    document.add_paragraph("一、工作目标", style="标题 2")
    for goal in GOALS:
        _set_num(document.add_paragraph(goal))
    document.add_paragraph("二、主要活动安排", style="标题 2")
    table = document.add_table(rows=len(ROWS) + 2, cols=4)
    table.style = "Table Grid"
    for i, label in enumerate(("学期", "周次", "活动内容", "承办学校")):
        table.cell(0, i).text = label
    for r, (week, what, school) in enumerate(ROWS, start=1):
        table.cell(r, 1).text = week
        table.cell(r, 2).text = what
        table.cell(r, 3).text = school
    term = table.cell(1, 0).merge(table.cell(len(ROWS), 0))
    term.text = "第一学期"
    note = table.cell(len(ROWS) + 1, 0).merge(table.cell(len(ROWS) + 1, 3))
    note.text = NOTE
    nested = table.cell(2, 3).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "协办"
    nested.cell(0, 1).text = "城东实验小学"
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = FRAMED
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph(SIGNATURE).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(SUBTITLE).alignment = WD_ALIGN_PARAGRAPH.CENTER
    closing = document.add_paragraph(CLOSING)
    if content_control:
        _wrap_in_sdt(closing)
    for page in range(2, pages + 1):
        document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph(f"第{page}部分")
        for goal in GOALS:
            document.add_paragraph(goal * 3)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def revised_docx() -> bytes:
    """A paragraph with a tracked insertion, a tracked deletion, a smart tag and a text box (with
    the mc:Choice / mc:Fallback pair Word writes for it)."""
    import docx
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    def run(text: str, tag: str = "t") -> etree._Element:
        r = etree.Element(f"{{{w}}}r")
        etree.SubElement(r, f"{{{w}}}{tag}").text = text
        return r

    def box(text: str) -> etree._Element:
        content = etree.Element(f"{{{w}}}txbxContent")
        p = etree.SubElement(content, f"{{{w}}}p")
        p.append(run(text))
        return content

    document = docx.Document()
    p = document.add_paragraph("本学期组织")._p
    ins = etree.SubElement(p, f"{{{w}}}ins")
    ins.append(run("青年教师"))
    deleted = etree.SubElement(p, f"{{{w}}}del")
    deleted.append(run("全体", "delText"))
    tag = etree.SubElement(p, f"{{{w}}}smartTag")
    tag.append(run("课堂教学评比"))
    holder = etree.SubElement(p, f"{{{w}}}r")
    alt = etree.SubElement(holder, f"{{{mc}}}AlternateContent")
    etree.SubElement(alt, f"{{{mc}}}Choice", Requires="wps").append(box("文本框：报名截止10月8日"))
    etree.SubElement(alt, f"{{{mc}}}Fallback").append(box("文本框：报名截止10月8日"))
    p.append(run("。"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb(member_mb: int = 5) -> bytes:
    """A zip that looks like a docx but inflates a very repetitive member."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (member_mb * 1024 * 1024))
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "不是文档")
    return out.getvalue()


def plan_xlsx() -> bytes:
    """Sheet 行事历: a merged title row, a header, a term cell merged over 3 rows, a date cell,
    a number formatted as a date, formatted but empty trailing cells; a hidden sheet; Sheet3."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "行事历"
    ws["A1"] = TITLE
    ws.merge_cells("A1:E1")
    ws.append(["学期", "周次", "日期", "活动内容", "承办学校"])
    for week, what, school in ROWS:
        ws.append([None, week, None, what, school])
    ws.merge_cells("A3:A5")
    ws["A3"] = "第一学期"
    ws["C3"] = dt.datetime(2021, 9, 6)
    ws["C3"].number_format = "yyyy-mm-dd"
    ws["C4"] = 44470  # 2021-10-01 as an Excel serial number, shown as a date
    ws["C4"].number_format = 'yyyy"年"m"月"d"日"'
    ws["C5"] = 0.5
    ws["C5"].number_format = "0%"
    ws.cell(row=30, column=12).number_format = "0.00"  # formatted, empty: must not widen the table
    ws.cell(row=30, column=12).value = ""
    hidden = wb.create_sheet("代码表")
    hidden["A1"] = "隐藏内容"
    hidden.sheet_state = "hidden"
    extra = wb.create_sheet("Sheet3")
    extra.append(["序号", "内容"])
    extra.append([1, "期末资料整理"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plan_xls() -> bytes:
    """The same calendar written by xlwt as a legacy .xls (BIFF8) with merges and a date cell."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("行事历")
    ws.write_merge(0, 0, 0, 4, TITLE)
    for c, label in enumerate(("学期", "周次", "日期", "活动内容", "承办学校")):
        ws.write(1, c, label)
    ws.write_merge(2, 4, 0, 0, "第一学期")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, (week, what, school) in enumerate(ROWS, start=2):
        ws.write(r, 1, week)
        ws.write(r, 3, what)
        ws.write(r, 4, school)
    ws.write(2, 2, dt.datetime(2021, 9, 6), date_style)
    ws.write(3, 2, 12)  # a plain integer stays "12"
    ws.write(4, 2, 2.5)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _ss_cell(text: str = "", kind: str = "String", **attrs: str) -> str:
    extra = "".join(f' ss:{k}="{v}"' for k, v in attrs.items())
    data = f'<Data ss:Type="{kind}">{text}</Data>' if text else ""
    return f"<Cell{extra}>{data}</Cell>"


def plan_spreadsheetml() -> bytes:
    """The calendar as "XML Spreadsheet 2003", as web systems export it under an .xls name:
    a title merged across, the term merged down over three rows (later rows skip that cell)."""
    rows = [_ss_cell(TITLE, MergeAcross="4"),
            "".join(_ss_cell(h) for h in ("学期", "周次", "日期", "活动内容", "承办学校"))]
    for i, (week, what, school) in enumerate(ROWS):
        term = _ss_cell("第一学期", MergeDown="2") if i == 0 else ""
        date = _ss_cell("2021-09-06T00:00:00.000", "DateTime") if i == 0 else _ss_cell()
        rows.append(term + _ss_cell(week, Index="2") + date + _ss_cell(what) + _ss_cell(school))
    body = "".join(f"<Row>{r}</Row>" for r in rows)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           f'<Worksheet ss:Name="行事历"><Table>{body}</Table></Worksheet></Workbook>')
    return xml.encode("utf-8")


def scanned_pdf() -> bytes:
    """A PDF page with a drawn rectangle and no text layer, like a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


def framed_pdf() -> bytes:
    """A page whose text sits inside one ruled box (a page border), in a core font."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 190, 277)
    pdf.set_font("helvetica", size=12)
    pdf.set_xy(20, 20)
    pdf.cell(text="Work plan of the Chengdong school group")
    pdf.set_xy(20, 30)
    pdf.cell(text="Week 3: group meeting at Chengdong primary school.")
    return bytes(pdf.output())


def soffice_convert(files: dict[str, bytes], target: str, outdir: Path) -> dict[str, bytes]:
    """Convert {name: bytes} with LibreOffice in one call (own profile); {output name: bytes}."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise RuntimeError("LibreOffice is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="miner-fixture-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        paths = []
        for name, data in files.items():
            (src / name).write_bytes(data)
            paths.append(str(src / name))
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run([program, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                        "--convert-to", target, "--outdir", str(outdir), *paths],
                       check=True, capture_output=True, timeout=180)
    ext = target.split(":")[0]
    return {Path(n).stem + "." + ext: (outdir / (Path(n).stem + "." + ext)).read_bytes() for n in files}


def have_soffice() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))

