#!/usr/bin/env python3
# Stands in for /usr/bin/osascript in tests: records argv and stdin, then writes the row Messages.app would write
# into the fixture chat.db (is_from_me=1, is_sent=1, joined to its chat). Placeholders are filled in by the test.
import json, os, sqlite3, sys, time, uuid

DB = "@DB@"
REC = "@REC@"
PROBE = "@PROBE@"

argv = sys.argv[1:]
script = sys.stdin.read()
with open(os.path.join(REC, "calls.jsonl"), "a", encoding="utf-8") as f:
    f.write(json.dumps({"argv": argv, "script": script}, ensure_ascii=False) + "\n")

def fail(message):
    sys.stderr.write("execution error: " + message + "\n")
    sys.exit(1)

if not argv or argv[0] != "-":
    sys.stderr.write("fake osascript: the script must come on stdin ('-')\n")
    sys.exit(2)
args = argv[1:]
if not args:  # the start-up probe
    if PROBE == "deny":
        fail("Not authorised to send Apple events to Messages. (-1743)")
    print("me@icloud.com, +15551234567")
    sys.exit(0)
if "on run argv" not in script:
    fail("script does not read argv (-2753)")

kind, target, body, files = args[0], args[1], args[2], args[3:]
ERRORS = {
    "+15550001728": "Messages got an error: Can’t get participant \"+15550001728\". (-1728)",
    "+15550001700": "Messages got an error: Can’t make \"+15550001700\" into type participant. (-1700)",
    "+15550001743": "Not authorised to send Apple events to Messages. (-1743)",
    "+15550001712": "Messages got an error: AppleEvent timed out. (-1712)",
    "+15550002700": "Messages got an error: Something unexpected happened. (-2700)",
}
if target in ERRORS:
    fail(ERRORS[target])
if target == "+15550000404":  # Messages "accepts" the send but never writes a row
    sys.exit(0)

db = sqlite3.connect(DB, timeout=10)
now = int((time.time() - 978307200) * 1_000_000_000)
if kind == "chat":
    key = target.split(";", 1)[1]
    chat = db.execute("SELECT ROWID, style FROM chat WHERE substr(guid, instr(guid, ';') + 1) = ?", (key,)).fetchone()
    if chat is None:
        fail("Messages got an error: Can’t get chat id \"" + target + "\". (-1728)")
    chat_id = chat[0]
    handle_id = 0
    if chat[1] != 43:
        h = db.execute("SELECT handle_id FROM chat_handle_join WHERE chat_id = ?", (chat_id,)).fetchone()
        handle_id = h[0] if h else 0
else:
    h = db.execute("SELECT ROWID FROM handle WHERE id = ? AND service = 'iMessage'", (target,)).fetchone()
    handle_id = h[0] if h else db.execute("INSERT INTO handle (id, country, service, uncanonicalized_id) VALUES (?, 'us', 'iMessage', ?)", (target, target)).lastrowid
    c = db.execute("SELECT ROWID FROM chat WHERE guid = ?", ("iMessage;-;" + target,)).fetchone()
    if c:
        chat_id = c[0]
    else:
        chat_id = db.execute("INSERT INTO chat (guid, style, state, chat_identifier, service_name) VALUES (?, 45, 3, ?, 'iMessage')",
                             ("iMessage;-;" + target, target)).lastrowid
        db.execute("INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?, ?)", (chat_id, handle_id))

def insert(text, has_attachments):
    rowid = db.execute("INSERT INTO message (guid, text, handle_id, service, account, date, date_read, date_delivered,"
                       " is_delivered, is_finished, is_from_me, is_sent, is_read, error, cache_has_attachments, destination_caller_id)"
                       " VALUES (?, ?, ?, 'iMessage', 'e:me@icloud.com', ?, 0, 0, 0, 1, 1, 1, 0, 0, ?, 'me@icloud.com')",
                       (str(uuid.uuid4()).upper(), text, handle_id, now, has_attachments)).lastrowid
    db.execute("INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?, ?, ?)", (chat_id, rowid, now))
    return rowid

if body != "":
    insert(body, 0)
for path in files:
    rowid = insert("\ufffc", 1)
    guid = str(uuid.uuid4()).upper()
    aid = db.execute("INSERT INTO attachment (guid, created_date, filename, mime_type, transfer_name, total_bytes, is_outgoing, original_guid)"
                     " VALUES (?, ?, ?, 'image/jpeg', ?, 1234, 1, ?)", (guid, now, path, os.path.basename(path), guid)).lastrowid
    db.execute("INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?, ?)", (rowid, aid))
db.commit()
db.close()
