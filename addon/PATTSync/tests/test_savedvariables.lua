-- Writes PATTSyncDB as WoW would (tests/out/PATTSync.lua) for the Node parser tests, and checks
-- the writer: exact format, escapes, and that the file loads back to the same table.
local T = require("lib.runner")
local wow = require("lib.wow")
local savedvariables = require("lib.savedvariables")

T.test("the writer uses WoW's layout: tabs, [\"key\"] = value, and -- [n] after array entries", function()
  local text = savedvariables.file({ { "ExampleDB", { b = 2, a = "x", list = { "one", { flag = true } } } } })
  T.eq(text, table.concat({
    "ExampleDB = {",
    '\t["a"] = "x",',
    '\t["b"] = 2,',
    '\t["list"] = {',
    '\t\t"one", -- [1]',
    "\t\t{",
    '\t\t\t["flag"] = true,',
    "\t\t}, -- [2]",
    "\t},",
    "}",
    "",
  }, "\n"))
end)

T.test("strings are escaped as WoW writes them", function()
  T.eq(savedvariables.quote('say "hi"'), '"say \\"hi\\""', "quotes")
  T.eq(savedvariables.quote("back\\slash"), '"back\\\\slash"', "backslash")
  T.eq(savedvariables.quote("two\nlines"), '"two\\nlines"', "newline as \\n on one line")
  T.eq(savedvariables.quote("bell\7" .. "1"), '"bell\\0071"', "other control characters as three digits")
  T.eq(savedvariables.quote("|cffff0000Лиса|r"), '"|cffff0000Лиса|r"', "UTF-8 and pipes as they are")
end)

T.test("writes tests/out/PATTSync.lua, which loads back to the same PATTSyncDB", function()
  local world = wow.loaded({ canViewOfficerNote = true })
  world:forceExport()
  local text = savedvariables.file({ { "PATTSyncDB", world:db() } })

  T.eq(text:sub(1, 38), 'PATTSyncDB = {\n\t["lastExport"] = {\n\t\t[', "opening lines")
  T.contains(text, '\t\t["characters"] = {\n\t\t\t{\n\t\t\t\t["achievementPoints"] = 21450,\n')
  T.contains(text, "\t\t\t}, -- [1]\n")
  T.contains(text, "\t\t\t}, -- [9]\n")
  T.contains(text, '\t\t\t\t["name"] = "Лиса",\n')
  T.contains(text, '\t\t\t\t["realm"] = "Sen\'jin",\n')
  T.contains(text, '\t\t\t\t["note"] = "says \\"hi\\" \\\\o/ | tank",\n')
  T.contains(text, '\t\t\t\t["officerNote"] = "line one\\nline two",\n')
  T.contains(text, '\t\t\t\t["isOnline"] = false,\n')
  T.contains(text, '\t\t["exportTimeISO"] = "2026-11-26T12:00:01Z",\n')
  T.contains(text, '\t["totalExports"] = 1,\n')
  T.eq(text:sub(-3), "\n}\n", "closing line")

  T.eq(savedvariables.load(text), { PATTSyncDB = world:db() }, "loads back")

  os.execute('mkdir -p "' .. wow.outDir .. '"')
  local path = wow.outDir .. "/PATTSync.lua"
  local handle = assert(io.open(path, "wb"))
  handle:write(text)
  handle:close()
  local check = assert(io.open(path, "rb"))
  T.eq(check:read("*a"), text, "written to " .. path)
  check:close()
end)
