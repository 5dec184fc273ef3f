-- PATTSync: decides when to export the guild roster and writes it to PATTSyncDB.
--
-- Two triggers:
--   * opening the guild window, at most once every 6 hours (officers open it anyway, so the
--     export stays fresh without anyone remembering to run a command);
--   * /pattsync (alias /patt): "force", "status" and "help" subcommands.
-- An export asks the server for the roster, waits for GUILD_ROSTER_UPDATE, and re-asks on a timer
-- until it gives up. WoW writes PATTSyncDB to disk only on logout or /reload; the chat message
-- says so, because the companion uploader can only see what is on disk.
--
-- Globals: PATTSyncDB (SavedVariables), SLASH_PATTSYNC1/2 and SlashCmdList.PATTSYNC. Everything
-- else lives in locals or the addon namespace table.

local addonName, ns = ...

local Roster = ns.Roster

-- How often opening the guild window exports. Plain /pattsync uses the same limit; force ignores it.
local AUTO_EXPORT_HOURS = 6
local AUTO_EXPORT_INTERVAL = AUTO_EXPORT_HOURS * 60 * 60
-- The client silently drops roster requests made less than 10 seconds after the previous one,
-- so re-asking any sooner would not reach the server.
local RETRY_INTERVAL = 10
-- Requests per export; the export gives up RETRY_INTERVAL after the last one (30 s in all).
local MAX_ATTEMPTS = 3

local state = {
  -- The request waiting for the roster: { attempts = n }. A new table per export, so timers left
  -- over from an earlier one (C_Timer.After cannot be cancelled) can tell they are stale.
  pending = nil,
  -- True once this session has written PATTSyncDB: it is not on disk until /reload or logout.
  exportedThisSession = false,
  guildWindowHooked = false,
  version = "unknown",
}

local eventFrame = CreateFrame("Frame")
local handlers = {}

local function say(message)
  print("PATTSync: " .. message)
end

local function formatDuration(seconds)
  seconds = math.max(0, math.floor(seconds))
  local hours = math.floor(seconds / 3600)
  local minutes = math.floor((seconds % 3600) / 60)
  if hours > 0 then
    return string.format("%dh %dm", hours, minutes)
  end
  return string.format("%dm", minutes)
end

-- Seconds since the last export, or nil if there never was one. Read from PATTSyncDB so the limit
-- holds across sessions, not just within one.
local function secondsSinceLastExport()
  local last = PATTSyncDB and PATTSyncDB.lastExportTime
  if type(last) ~= "number" then
    return nil
  end
  return time() - last
end

local function isThrottled()
  local since = secondsSinceLastExport()
  -- A negative age means the clock went back; do not let that block exports for days.
  return since ~= nil and since >= 0 and since < AUTO_EXPORT_INTERVAL
end

local function finishExport()
  state.pending = nil
  -- Only listen while waiting: the event also fires at login and whenever anything else asks.
  eventFrame:UnregisterEvent("GUILD_ROSTER_UPDATE")
end

local function saveExport(export)
  PATTSyncDB.lastExport = export
  PATTSyncDB.lastExportTime = export.exportTime
  PATTSyncDB.totalExports = (tonumber(PATTSyncDB.totalExports) or 0) + 1
  state.exportedThisSession = true
end

-- Called on every GUILD_ROSTER_UPDATE while an export waits. The event can arrive before the
-- roster is complete (at login it often comes with zero members); BuildExport returns nil then and
-- we keep waiting for the next one.
local function tryExport()
  local export = Roster.BuildExport(state.version)
  if not export then
    return
  end
  saveExport(export)
  finishExport()
  say(string.format("exported %d members. /reload to save.", export.memberCount))
end

local function scheduleRetry(request)
  C_Timer.After(RETRY_INTERVAL, function()
    if state.pending ~= request then
      return -- finished, or given up and replaced by a newer request
    end
    if request.attempts >= MAX_ATTEMPTS then
      finishExport()
      say(string.format(
        "the guild roster did not arrive after %d requests; nothing was exported. Try /pattsync force in a minute.",
        MAX_ATTEMPTS))
      return
    end
    request.attempts = request.attempts + 1
    C_GuildInfo.GuildRoster()
    scheduleRetry(request)
  end)
end

-- Starts an export. `announce` is true for commands, where the player waits for an answer; the
-- automatic export from the guild window stays quiet until it has something to report.
local function startExport(announce)
  if state.pending then
    if announce then
      say("already waiting for the guild roster.")
    end
    return
  end
  if not IsInGuild() then
    if announce then
      say("you are not in a guild; there is nothing to export.")
    end
    return
  end
  local request = { attempts = 1 }
  state.pending = request
  eventFrame:RegisterEvent("GUILD_ROSTER_UPDATE")
  if announce then
    say("requesting the guild roster...")
  end
  C_GuildInfo.GuildRoster()
  scheduleRetry(request)
end

local function onGuildWindowShown()
  if isThrottled() or not IsInGuild() then
    return
  end
  startExport(false)
end

-- The guild window is CommunitiesFrame, from the load-on-demand Blizzard_Communities addon. Its
-- OnShow fires however the window is opened (J key, micro menu button, keybinding), unlike
-- GUILD_ROSTER_UPDATE, which also fires at login and whenever any addon asks for the roster.
-- HookScript runs after Blizzard's handler and does not taint the frame.
local function hookGuildWindow()
  if state.guildWindowHooked or not CommunitiesFrame then
    return
  end
  CommunitiesFrame:HookScript("OnShow", onGuildWindowShown)
  state.guildWindowHooked = true
end

local commands = {}

function commands.export()
  if isThrottled() then
    local since = secondsSinceLastExport()
    say(string.format("last export was %s ago; exports run at most once every %d hours. /pattsync force exports now.",
      formatDuration(since), AUTO_EXPORT_HOURS))
    return
  end
  startExport(true)
end

function commands.force()
  startExport(true)
end

function commands.status()
  if state.pending then
    say(string.format("waiting for the guild roster (request %d of %d).", state.pending.attempts, MAX_ATTEMPTS))
  end
  local export = PATTSyncDB and PATTSyncDB.lastExport
  if type(export) ~= "table" then
    say("no export yet. Open the guild window or type /pattsync.")
    return
  end
  local since = secondsSinceLastExport() or 0
  say(string.format("last export %s (%s ago): %d members of %s (export #%d).",
    tostring(export.exportTimeISO), formatDuration(since), tonumber(export.memberCount) or 0,
    tostring(export.guildName), tonumber(PATTSyncDB.totalExports) or 0))
  if state.exportedThisSession then
    say("not written to disk yet: /reload or log out to save it.")
  end
  if isThrottled() then
    say(string.format("next automatic export: open the guild window in %s or later.",
      formatDuration(AUTO_EXPORT_INTERVAL - since)))
  else
    say("next automatic export: the next time you open the guild window.")
  end
end

function commands.help()
  say("commands (/pattsync or /patt):")
  print(string.format("  /pattsync - export the guild roster (at most once every %d hours)", AUTO_EXPORT_HOURS))
  print(string.format("  /pattsync force - export now, ignoring the %d-hour limit", AUTO_EXPORT_HOURS))
  print("  /pattsync status - show the last export")
  print("  /pattsync help - show this list")
  print(string.format("  Opening the guild window also exports, at most once every %d hours.", AUTO_EXPORT_HOURS))
  print("  WoW writes the export to disk on /reload or logout.")
end

SLASH_PATTSYNC1 = "/pattsync"
SLASH_PATTSYNC2 = "/patt"
SlashCmdList.PATTSYNC = function(message)
  local name = (message or ""):match("^%s*(%S*)"):lower()
  if name == "" then
    name = "export"
  end
  local command = commands[name]
  if command then
    command()
  else
    say(string.format("unknown command \"%s\". Type /pattsync help.", name))
  end
end

function handlers.ADDON_LOADED(loadedName)
  if loadedName == addonName then
    -- SavedVariables exist only from our own ADDON_LOADED on, never while the files run.
    if type(PATTSyncDB) ~= "table" then
      PATTSyncDB = {}
    end
    state.version = C_AddOns.GetAddOnMetadata(addonName, "Version") or state.version
    -- Another addon may have loaded Blizzard_Communities before us; its ADDON_LOADED is gone then.
    if C_AddOns.IsAddOnLoaded("Blizzard_Communities") then
      hookGuildWindow()
    end
  elseif loadedName == "Blizzard_Communities" then
    hookGuildWindow()
  end
end

function handlers.GUILD_ROSTER_UPDATE()
  if state.pending then
    tryExport()
  end
end

eventFrame:SetScript("OnEvent", function(_, event, ...)
  local handler = handlers[event]
  if handler then
    handler(...)
  end
end)
eventFrame:RegisterEvent("ADDON_LOADED")
