"""Text files people upload: Nordic spreadsheet exports come as UTF-8 (often with a BOM)
or as Windows-1252."""


def decode_upload(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")
