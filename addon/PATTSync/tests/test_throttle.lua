-- Opening the guild window exports at most once every 6 hours.
local T = require("lib.runner")
local wow = require("lib.wow")

local HOUR = 3600
local EXPORTED = "PATTSync: exported 9 members. /reload to save."

-- Opens the guild window, waits for the roster, closes the window again.
local function openAndClose(world)
  world:openGuildWindow()
  world:advance(world.server.delay)
  world:closeGuildWindow()
end

T.test("opening the guild window exports, and says so only when done", function()
  local world = wow.loaded()
  world:openGuildWindow()
  T.eq(world.rosterRequests, 1, "requests")
  T.eq(world:takePrinted(), {}, "quiet while waiting")
  world:advance(1)
  T.eq(world:takePrinted(), { EXPORTED })
  T.eq(world:db().totalExports, 1)
end)

T.test("a second open within 6 hours does not export; at 6 hours it does", function()
  local world = wow.loaded()
  openAndClose(world) -- exports at START + 1
  local firstExport = world:db().lastExportTime
  world:advance(HOUR)
  openAndClose(world)
  T.eq(world.rosterRequests, 1, "after 1 hour")
  world.now = firstExport + 6 * HOUR - 2
  openAndClose(world)
  T.eq(world.rosterRequests, 1, "a second before 6 hours")
  T.eq(world:db().totalExports, 1)
  T.eq(world:db().lastExportTime, firstExport)
  world.now = firstExport + 6 * HOUR
  world:openGuildWindow()
  T.eq(world.rosterRequests, 2, "at 6 hours")
  world:advance(1)
  T.eq(world:db().totalExports, 2)
  T.eq(world:db().lastExportTime, firstExport + 6 * HOUR + 1)
end)

T.test("the 6-hour limit holds across sessions (lastExportTime from disk)", function()
  local recent = wow.loaded({ savedVariables = { lastExportTime = wow.START_TIME - HOUR, totalExports = 3 } })
  openAndClose(recent)
  T.eq(recent.rosterRequests, 0, "exported an hour ago")
  local old = wow.loaded({ savedVariables = { lastExportTime = wow.START_TIME - 6 * HOUR, totalExports = 3 } })
  openAndClose(old)
  T.eq(old.rosterRequests, 1, "exported 6 hours ago")
  T.eq(old:db().totalExports, 4)
end)

T.test("a lastExportTime in the future (clock moved back) does not block exports", function()
  local world = wow.loaded({ savedVariables = { lastExportTime = wow.START_TIME + 48 * HOUR, totalExports = 1 } })
  openAndClose(world)
  T.eq(world.rosterRequests, 1)
end)

T.test("the guild window is hooked when Blizzard_Communities loaded before PATTSync", function()
  local world = wow.loaded({ communitiesLoaded = true })
  world:openGuildWindow()
  world:advance(1)
  T.eq(world:db().totalExports, 1)
end)

T.test("the guild window is hooked once however often its ADDON_LOADED is seen", function()
  local world = wow.loaded({ communitiesLoaded = true })
  world:fire("ADDON_LOADED", "Blizzard_Communities")
  T.eq(#world.env.CommunitiesFrame.hooks.OnShow, 1)
end)

T.test("opening the guild window outside a guild does nothing, quietly", function()
  local world = wow.loaded({ inGuild = false })
  openAndClose(world)
  T.eq(world.rosterRequests, 0)
  T.eq(world:takePrinted(), {})
end)

T.test("opening the guild window while /pattsync force waits sends no second request", function()
  local world = wow.loaded()
  world.server.delay = 5
  world:slash("/pattsync force")
  world:openGuildWindow()
  T.eq(world.rosterRequests, 1)
  world:advance(5)
  T.eq(world:db().totalExports, 1)
end)

T.test("after /pattsync force the guild window waits 6 hours from that export", function()
  local world = wow.loaded()
  world:forceExport()
  world:advance(5 * HOUR)
  openAndClose(world)
  T.eq(world.rosterRequests, 1)
end)
