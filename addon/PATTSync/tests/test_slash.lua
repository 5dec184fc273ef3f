-- Slash commands: /pattsync and /patt with force, status, help.
local T = require("lib.runner")
local wow = require("lib.wow")

local EXPORTED = "PATTSync: exported 9 members. /reload to save."

T.test("registers /pattsync and the /patt alias", function()
  local world = wow.loaded()
  T.eq(world.env.SLASH_PATTSYNC1, "/pattsync")
  T.eq(world.env.SLASH_PATTSYNC2, "/patt")
  T.eq(type(world.env.SlashCmdList.PATTSYNC), "function")
end)

T.test("/pattsync help lists every subcommand", function()
  local world = wow.loaded()
  T.ok(world:slash("/pattsync help"))
  local text = world:printedText()
  T.contains(text, "PATTSync: commands (/pattsync or /patt):")
  T.contains(text, "/pattsync force")
  T.contains(text, "/pattsync status")
  T.contains(text, "/pattsync help")
  T.contains(text, "6 hours")
  T.contains(text, "/reload")
  T.eq(world.rosterRequests, 0, "help requests nothing")
end)

T.test("/patt help prints the same as /pattsync help, in any case", function()
  local world = wow.loaded()
  world:slash("/pattsync help")
  local long = world:takePrinted()
  world:slash("/patt help")
  T.eq(world:takePrinted(), long, "/patt help")
  world:slash("/PATT HELP")
  T.eq(world:takePrinted(), long, "/PATT HELP")
end)

T.test("an unknown subcommand points to help", function()
  local world = wow.loaded()
  world:slash("/pattsync bogus")
  T.eq(world:takePrinted(), { 'PATTSync: unknown command "bogus". Type /pattsync help.' })
  T.eq(world.rosterRequests, 0)
end)

T.test("/pattsync force requests the roster and exports when it arrives", function()
  local world = wow.loaded()
  world:slash("/pattsync force")
  T.eq(world.rosterRequests, 1, "requests")
  T.eq(world:takePrinted(), { "PATTSync: requesting the guild roster..." })
  T.eq(world:db().lastExport, nil, "nothing before the roster arrives")
  world:advance(1)
  T.eq(world:takePrinted(), { EXPORTED })
  T.eq(world:db().lastExport.memberCount, 9)
  T.eq(world:db().totalExports, 1)
end)

T.test("/patt force is the same command", function()
  local world = wow.loaded()
  world:slash("/patt   FORCE  ")
  world:advance(1)
  T.eq(world:takePrinted(), { "PATTSync: requesting the guild roster...", EXPORTED })
end)

T.test("/pattsync exports on the first run", function()
  local world = wow.loaded()
  world:slash("/pattsync")
  world:advance(1)
  T.eq(world:takePrinted(), { "PATTSync: requesting the guild roster...", EXPORTED })
end)

T.test("/pattsync within 6 hours of an export says so and /pattsync force still exports", function()
  local world = wow.loaded()
  world:forceExport()
  world:takePrinted()
  world:advance(2 * 3600 + 5 * 60)
  world:slash("/pattsync")
  T.eq(world:takePrinted(), {
    "PATTSync: last export was 2h 5m ago; exports run at most once every 6 hours. /pattsync force exports now.",
  })
  T.eq(world.rosterRequests, 1, "no new request")
  world:forceExport()
  T.eq(world.rosterRequests, 2)
  T.eq(world:db().totalExports, 2)
end)

T.test("/pattsync status before any export", function()
  local world = wow.loaded()
  world:slash("/pattsync status")
  T.eq(world:takePrinted(), { "PATTSync: no export yet. Open the guild window or type /pattsync." })
end)

T.test("/pattsync status while waiting for the roster", function()
  local world = wow.loaded()
  world.server.never = true
  world:slash("/pattsync force")
  world:takePrinted()
  world:slash("/pattsync status")
  T.eq(world:takePrinted(), {
    "PATTSync: waiting for the guild roster (request 1 of 3).",
    "PATTSync: no export yet. Open the guild window or type /pattsync.",
  })
end)

T.test("/patt status after an export in this session", function()
  local world = wow.loaded()
  world:forceExport()
  world:takePrinted()
  world:advance(3600)
  world:slash("/patt status")
  T.eq(world:takePrinted(), {
    "PATTSync: last export 2026-11-26T12:00:01Z (1h 0m ago): 9 members of Pull All The Things (export #1).",
    "PATTSync: not written to disk yet: /reload or log out to save it.",
    "PATTSync: next automatic export: open the guild window in 5h 0m or later.",
  })
end)

T.test("/pattsync status with an export loaded from disk", function()
  local exportTime = wow.START_TIME - 7 * 3600
  local world = wow.loaded({
    savedVariables = {
      lastExport = { exportTime = exportTime, exportTimeISO = "2026-11-26T05:00:00Z", guildName = "Pull All The Things",
        memberCount = 143, characters = {} },
      lastExportTime = exportTime,
      totalExports = 12,
    },
  })
  world:slash("/pattsync status")
  T.eq(world:takePrinted(), {
    "PATTSync: last export 2026-11-26T05:00:00Z (7h 0m ago): 143 members of Pull All The Things (export #12).",
    "PATTSync: next automatic export: the next time you open the guild window.",
  })
end)

T.test("/pattsync force outside a guild says so and requests nothing", function()
  local world = wow.loaded({ inGuild = false })
  world:slash("/pattsync force")
  world:advance(60)
  T.eq(world:takePrinted(), { "PATTSync: you are not in a guild; there is nothing to export." })
  T.eq(world.rosterRequests, 0)
  T.eq(world:db().lastExport, nil)
end)

T.test("/pattsync force while an export waits does not send a second request", function()
  local world = wow.loaded()
  world.server.delay = 5
  world:slash("/pattsync force")
  world:slash("/pattsync force")
  T.eq(world.rosterRequests, 1)
  T.eq(world:takePrinted(), {
    "PATTSync: requesting the guild roster...",
    "PATTSync: already waiting for the guild roster.",
  })
  world:advance(60)
  T.eq(world:db().totalExports, 1)
end)
