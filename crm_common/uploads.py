"""Text files people upload: Nordic spreadsheet exports come as UTF-8 (often with a BOM)
or as Windows-1252. Anything else (a spreadsheet's binary file, a picture) is refused by
name rather than read as garbage."""

from crm_common.errors import InvalidInput


def decode_upload(raw: bytes | str, field: str = "file") -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InvalidInput(
            "the file is not text in UTF-8 or Windows-1252 (save it from the spreadsheet as CSV)",
            {field: "not UTF-8 or Windows-1252 text"},
        ) from None
