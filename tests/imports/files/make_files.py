"""Writes the import fixture files beside this script: `python tests/imports/files/make_files.py`.

The files are committed; the script says how each was made and which errors it holds.
Business IDs are fictional but have valid check digits unless a row tests a wrong one.
"""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

# Saved by Excel as "CSV (semicolon delimited)": a UTF-8 byte-order mark, semicolons,
# CRLF line ends. Errors: a wrong check digit (row 4), an unknown municipality (row 5),
# a repeated row (row 6 repeats row 2) and an unknown size class (row 7).
EXCEL_CSV = (
    "Nimi;Y-tunnus;Kunta;Koko;Toimiala;WWW\r\n"
    "Lapin Kone Oy;1234560-4;Rovaniemi;pieni;28110;www.lapinkone.example\r\n"
    "Tornion Teräs Oyj;1234567-1;Tornio;keskisuuri;24;https://teras.example\r\n"
    "Kemin Kala Ky;1234574-4;Kemi;mikro;03;\r\n"
    "Sallan Puu Oy;1234581-5;Sala;pieni;16;\r\n"
    "Lapin Kone Oy;1234560-4;Rovaniemi;pieni;28110;www.lapinkone.example\r\n"
    "Ranuan Marja Tmi;1234588-2;Ranua;jättiläinen;01;\r\n"
)

# Saved in Windows-1252 by an older program; commas. Row 4 names a municipality that does
# not exist.
CP1252_CSV = (
    "name,business_id,municipality,kind,sme_size\n"
    "Kärkölän Sähkö Oy,1234595-4,Kärkölä,company,micro\n"
    "Hämeen ammattikorkeakoulu,,Hämeenlinna,uas,\n"
    "Pohjoisen Tutkimus ry,,Pohjoismaa,research_institute,\n"
)

# Needs with Finnish dates. Errors: no such date and an unknown category (row 3), an unknown
# organisation (row 4), a deadline before the start (row 5), a repeated source id (row 6).
NEEDS_CSV = (
    "Yritys,Otsikko,Kuvaus,Kategoria,Toivottu aloitus,Määräaika,Avainsanat,Tunniste\n"
    '1234560-4,Kuivausprosessin mittaus,"Mittaamme sahatavaran kosteutta.",'
    'Testaus ja mittaukset,1.3.2026,31.12.2026,"kosteus, puu",N-1\n'
    '1234560-4,Uusi tuote,"Kuvaus uudesta tuotteesta.",tuotekehitys,15.13.2026,,,N-2\n'
    "9999999-9,Kolmas tarve,Kuvaus,testing,,,,N-3\n"
    '1234567-1,Neljäs tarve,"Kuvaus",testing,1.6.2026,1.5.2026,,N-4\n'
    '1234567-1,Viides tarve,"Kuvaus",testing,2026-05-01,,,N-1\n'
)

CONTACTS_CSV = (
    "Yritys;Nimi;Sähköposti;Titteli\n"
    "1234560-4;Maija Mallikas;maija.mallikas@example.org;Toimitusjohtaja\n"
    "1234567-1;Teppo Testaaja;teppo.testaaja@example;Tuotantopäällikkö\n"
)


def write_xlsx() -> None:
    """A title row merged across, a two-level header with merged cells, a vertical merge.

    Row 5 puts Utsjoki in Uusimaa, which the import must refuse."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Jäsenyritykset 2026", None, None, None, None])
    sheet.merge_cells("A1:E1")
    sheet.append(["Yritys", None, "Sijainti", None, "Koko"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.merge_cells("E2:E3")
    sheet.append(["Nimi", "Y-tunnus", "Maakunta", "Kunta", None])
    sheet.append(["Inarin Opas Oy", "1234602-5", "Lappi", "Inari", "mikro"])
    sheet.append(["Utsjoen Kala Oy", "1234609-2", "Uusimaa", "Utsjoki", "pieni"])
    book.save(HERE / "organisations_merged_header.xlsx")


if __name__ == "__main__":
    (HERE / "organisations_excel_semicolon.csv").write_bytes(
        b"\xef\xbb\xbf" + EXCEL_CSV.encode("utf-8")
    )
    (HERE / "organisations_cp1252.csv").write_bytes(CP1252_CSV.encode("cp1252"))
    (HERE / "needs_finnish_dates.csv").write_bytes(NEEDS_CSV.encode("utf-8"))
    (HERE / "contacts.csv").write_bytes(CONTACTS_CSV.encode("utf-8"))
    write_xlsx()
