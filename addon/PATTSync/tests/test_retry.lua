-- Waiting for GUILD_ROSTER_UPDATE: re-requests every 10 seconds, gives up after 3 requests.
local T = require("lib.runner")
local wow = require("lib.wow")

local GAVE_UP = "PATTSync: the guild roster did not arrive after 3 requests; nothing was exported. "
  .. "Try /pattsync force in a minute."

T.test("an answer that comes after the first retry still exports, once", function()
  local world = wow.loaded()
  world.server.delay = 15 -- the retry at 10 s goes out first; both requests get answered
  world:slash("/pattsync force")
  world:advance(14)
  T.eq(world.rosterRequests, 2, "re-requested at 10 s")
  T.eq(world:db().lastExport, nil)
  world:advance(1)
  T.eq(world:db().lastExport.exportTime, wow.START_TIME + 15)
  world:advance(120) -- the answer to the retry arrives at 25 s and must not export again
  T.eq(world:db().totalExports, 1)
  T.eq(world.rosterRequests, 2, "no requests after the export")
end)

T.test("requests the server ignores are retried every 10 seconds until one is answered", function()
  local world = wow.loaded()
  world.server.ignoreFirst = 2
  world:slash("/pattsync force")
  world:advance(9)
  T.eq(world.rosterRequests, 1)
  world:advance(1)
  T.eq(world.rosterRequests, 2, "at 10 s")
  world:advance(10)
  T.eq(world.rosterRequests, 3, "at 20 s")
  world:advance(1)
  T.eq(world:db().lastExport.exportTime, wow.START_TIME + 21)
  T.contains(world:printedText(), "PATTSync: exported 9 members. /reload to save.")
end)

T.test("status counts the requests while retrying", function()
  local world = wow.loaded()
  world.server.never = true
  world:slash("/pattsync force")
  world:advance(10)
  world:takePrinted()
  world:slash("/pattsync status")
  T.eq(world:takePrinted()[1], "PATTSync: waiting for the guild roster (request 2 of 3).")
end)

T.test("gives up cleanly 30 seconds after the first request", function()
  local world = wow.loaded()
  world.server.never = true
  world:slash("/pattsync force")
  world:takePrinted()
  world:advance(29)
  T.eq(world:takePrinted(), {}, "nothing said before the timeout")
  T.eq(world.rosterRequests, 3)
  world:advance(1)
  T.eq(world:takePrinted(), { GAVE_UP })
  T.eq(world:db(), {}, "PATTSyncDB untouched")
  T.ok(not world:listensTo("GUILD_ROSTER_UPDATE"), "stopped listening for GUILD_ROSTER_UPDATE")
  world:advance(600)
  T.eq(world.rosterRequests, 3, "no requests after giving up")
  T.eq(world:takePrinted(), {}, "nothing more said")
  world:slash("/pattsync status")
  T.eq(world:takePrinted(), { "PATTSync: no export yet. Open the guild window or type /pattsync." })
end)

T.test("a roster update after giving up does not export", function()
  local world = wow.loaded()
  world.server.never = true
  world:slash("/pattsync force")
  world:advance(30)
  world.rosterLoaded = true
  world:fire("GUILD_ROSTER_UPDATE", false)
  T.eq(world:db().lastExport, nil)
end)

T.test("after giving up, /pattsync force and the guild window try again", function()
  local world = wow.loaded()
  world.server.never = true
  world:openGuildWindow()
  world:advance(30)
  world:closeGuildWindow()
  T.contains(world:printedText(), GAVE_UP)
  world.server.never = false
  world:openGuildWindow() -- a failed export does not count towards the 6 hours
  world:advance(1)
  T.eq(world:db().totalExports, 1)
  world.server.never = true
  world:advance(6 * 3600)
  world:forceExport()
  world:advance(30)
  T.contains(world:printedText(), GAVE_UP)
  T.eq(world.rosterRequests, 7, "3 + 1 + 3")
  world.server.never = false
  world:forceExport()
  T.eq(world:db().totalExports, 2)
end)

T.test("a request the client drops (under 10 s after the last) is retried; old timers do not interfere", function()
  local world = wow.loaded()
  world:forceExport() -- exports at 1 s; its retry timer at 10 s is now stale
  world.server.never = true
  world:advance(4)
  world:slash("/pattsync force") -- at 5 s: dropped by the client's 10-second limit
  T.eq(world.acceptedRequests, 1, "dropped")
  world:advance(10) -- 15 s: the stale timer at 10 s must not count as this export's retry
  T.eq(world.acceptedRequests, 2, "retried at 15 s")
  world:takePrinted()
  world:advance(19) -- 34 s
  T.eq(world:takePrinted(), {}, "still waiting at 34 s")
  world:slash("/pattsync status")
  T.eq(world:takePrinted()[1], "PATTSync: waiting for the guild roster (request 3 of 3).")
  world:advance(1) -- 35 s: 30 s after this export began
  T.eq(world:takePrinted(), { GAVE_UP })
end)
