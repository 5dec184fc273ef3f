-- A stand-in for the parts of the WoW client the addon touches, one fresh "world" per test.
--
-- The addon's files run in a sandbox table (setfenv) that holds only what the game would offer:
-- the Lua 5.1 library subset WoW keeps, plus stubs of each API the addon calls. Globals the addon
-- creates land in that table, so tests can list them. Time is a fake clock: C_Timer.After
-- callbacks run only when a test calls world:advance(seconds).
--
-- The guild server is simulated too: C_GuildInfo.GuildRoster() answers with GUILD_ROSTER_UPDATE
-- after `world.server.delay` seconds, can be told to ignore requests, and drops requests made
-- within 10 seconds of the last accepted one, as the real client does.

local fixture = require("fixtures.guild")

local wow = {}

-- 2026-11-26T12:00:00Z: a fixed start so exportTimeISO can be asserted exactly.
wow.START_TIME = 1795694400
wow.ROSTER_THROTTLE = 10

local World = {}
World.__index = World

local function copy(value)
  if type(value) ~= "table" then
    return value
  end
  local result = {}
  for key, inner in pairs(value) do
    result[key] = copy(inner)
  end
  return result
end
wow.copy = copy

-- The Lua that WoW exposes to addons (no io, os, require, loadfile, debug).
local LUA_GLOBALS = {
  "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawset", "select",
  "setmetatable", "getmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
  "string", "table", "math",
}

-- A frame with the methods the addon uses: events, scripts, script hooks, show/hide.
local function newFrame(world, name)
  local frame = { name = name, events = {}, scripts = {}, hooks = {}, shown = false }

  function frame:RegisterEvent(event)
    self.events[event] = true
  end

  function frame:UnregisterEvent(event)
    self.events[event] = nil
  end

  function frame:IsEventRegistered(event)
    return self.events[event] == true
  end

  function frame:SetScript(script, handler)
    self.scripts[script] = handler
  end

  function frame:GetScript(script)
    return self.scripts[script]
  end

  function frame:HookScript(script, handler)
    self.hooks[script] = self.hooks[script] or {}
    table.insert(self.hooks[script], handler)
  end

  function frame:RunScript(script, ...)
    if self.scripts[script] then
      self.scripts[script](self, ...)
    end
    for _, hook in ipairs(self.hooks[script] or {}) do
      hook(self, ...)
    end
  end

  function frame:Show()
    if not self.shown then
      self.shown = true
      self:RunScript("OnShow")
    end
  end

  function frame:Hide()
    if self.shown then
      self.shown = false
      self:RunScript("OnHide")
    end
  end

  function frame:IsShown()
    return self.shown
  end

  table.insert(world.frames, frame)
  return frame
end

--- Creates a world. Options (all optional):
--   members            roster entries (default: the fixture guild)
--   inGuild            default true
--   canViewOfficerNote default true
--   officerNoteApi     "C_GuildInfo" (default) or "global": which CanViewOfficerNote exists
--   savedVariables     PATTSyncDB as loaded from disk before ADDON_LOADED (default nil: first run)
--   communitiesLoaded  Blizzard_Communities already loaded before PATTSync (default false)
function wow.new(options)
  options = options or {}
  local world = setmetatable({
    now = wow.START_TIME,
    timers = {},
    timerSequence = 0,
    frames = {},
    printed = {},
    members = copy(options.members or fixture.members),
    guildName = fixture.guildName,
    realmName = fixture.realmName,
    inGuild = options.inGuild ~= false,
    canViewOfficerNote = options.canViewOfficerNote ~= false,
    loadedAddons = {},
    -- Until the server has answered once, the client knows no members (as right after login).
    rosterLoaded = false,
    rosterRequests = 0,
    acceptedRequests = 0,
    lastAcceptedRequest = nil,
    server = { delay = 1, ignoreFirst = 0, never = false },
    options = options,
  }, World)
  world.env = world:buildEnv(options)
  return world
end

function World:buildEnv(options)
  local world = self
  local env = {}
  for _, name in ipairs(LUA_GLOBALS) do
    env[name] = _G[name]
  end
  env._G = env

  function env.print(...)
    local parts = {}
    for i = 1, select("#", ...) do
      parts[i] = tostring((select(i, ...)))
    end
    table.insert(world.printed, table.concat(parts, " "))
  end

  -- WoW's time() and date() are os.time/os.date on the game's clock.
  function env.time(spec)
    if spec then
      return os.time(spec)
    end
    return world.now
  end

  function env.date(format, at)
    return os.date(format, at or world.now)
  end

  function env.CreateFrame(_, name)
    local frame = newFrame(world, name)
    if name then
      env[name] = frame
    end
    return frame
  end

  env.C_Timer = {
    After = function(seconds, callback)
      world.timerSequence = world.timerSequence + 1
      table.insert(world.timers, { due = world.now + seconds, sequence = world.timerSequence, callback = callback })
    end,
  }

  env.SlashCmdList = {}

  env.C_AddOns = {
    GetAddOnMetadata = function(addon, field)
      return world.addonMetadata and world.addonMetadata[addon] and world.addonMetadata[addon][field]
    end,
    IsAddOnLoaded = function(addon)
      local loaded = world.loadedAddons[addon] == true
      return loaded, loaded
    end,
  }

  local function canView()
    return world.canViewOfficerNote
  end
  env.C_GuildInfo = {
    GuildRoster = function()
      world:requestRoster()
    end,
  }
  if (options.officerNoteApi or "C_GuildInfo") == "C_GuildInfo" then
    env.C_GuildInfo.CanViewOfficerNote = canView
  else
    env.CanViewOfficerNote = canView
  end

  function env.IsInGuild()
    return world.inGuild
  end

  function env.GetGuildInfo(unit)
    assert(unit == "player", "GetGuildInfo stub only knows the player")
    if not world.inGuild then
      return nil
    end
    return world.guildName, "Officer", 1, nil
  end

  function env.GetRealmName()
    return world.realmName
  end

  function env.GetNumGuildMembers()
    if not world.inGuild or not world.rosterLoaded then
      return 0, 0, 0
    end
    local online = 0
    for _, member in ipairs(world.members) do
      if member.online then
        online = online + 1
      end
    end
    return #world.members, online, online
  end

  -- Returns the officer note even when the player may not view it: the addon must not rely on
  -- the game hiding it.
  function env.GetGuildRosterInfo(index)
    local member = world.rosterLoaded and world.members[index]
    if not member then
      return nil
    end
    return member.fullName, member.rankName, member.rankIndex, member.level, member.class, member.zone,
      member.note, member.officerNote, member.online, 0, member.classFile, member.achievementPoints, 1, false,
      false, 8, "Player-1234-" .. string.format("%08X", index)
  end

  function env.GetGuildRosterLastOnline(index)
    local member = world.rosterLoaded and world.members[index]
    if not member or member.online or not member.lastOnline then
      return nil
    end
    return unpack(member.lastOnline)
  end

  return env
end

-- The client side of C_GuildInfo.GuildRoster(): throttled, then answered by the "server".
function World:requestRoster()
  self.rosterRequests = self.rosterRequests + 1
  if self.lastAcceptedRequest and self.now - self.lastAcceptedRequest < wow.ROSTER_THROTTLE then
    return -- the real client drops it without a word
  end
  self.lastAcceptedRequest = self.now
  self.acceptedRequests = self.acceptedRequests + 1
  if self.server.never or self.acceptedRequests <= self.server.ignoreFirst then
    return
  end
  self:after(self.server.delay, function()
    self.rosterLoaded = true
    self:fire("GUILD_ROSTER_UPDATE", false)
  end)
end

--- Schedules a world-side callback on the same fake clock as C_Timer.
function World:after(seconds, callback)
  self.env.C_Timer.After(seconds, callback)
end

--- Dispatches an event to every frame registered for it, in creation order, like the client.
function World:fire(event, ...)
  for _, frame in ipairs(self.frames) do
    if frame.events[event] then
      frame:RunScript("OnEvent", event, ...)
    end
  end
end

--- Moves the clock forward, running due timers in order (ties in scheduling order).
function World:advance(seconds)
  local target = self.now + seconds
  while true do
    local nextIndex
    for index, timer in ipairs(self.timers) do
      if timer.due <= target then
        local best = nextIndex and self.timers[nextIndex]
        if not best or timer.due < best.due or (timer.due == best.due and timer.sequence < best.sequence) then
          nextIndex = index
        end
      end
    end
    if not nextIndex then
      break
    end
    local timer = table.remove(self.timers, nextIndex)
    self.now = math.max(self.now, timer.due)
    timer.callback()
  end
  self.now = target
end

local function readToc(root)
  local handle = assert(io.open(root .. "/PATTSync.toc", "rb"))
  local metadata, files = {}, {}
  for line in handle:lines() do
    line = line:gsub("\r$", "")
    local field, value = line:match("^##%s*([^:]+):%s*(.-)%s*$")
    if field then
      metadata[field] = value
    elseif line:match("%S") and not line:match("^#") then
      table.insert(files, line)
    end
  end
  handle:close()
  return metadata, files
end
wow.readToc = readToc

--- Loads the addon as the client does: runs the TOC's files in order with (addonName, namespace),
-- then restores SavedVariables and fires ADDON_LOADED.
function World:loadAddon()
  local root = wow.addonRoot
  local metadata, files = readToc(root)
  self.toc = metadata
  self.addonMetadata = { PATTSync = metadata }
  self.ns = {}
  for _, file in ipairs(files) do
    local chunk = assert(loadfile(root .. "/" .. file:gsub("\\", "/")))
    setfenv(chunk, self.env)
    chunk("PATTSync", self.ns)
  end
  self.loadedAddons.PATTSync = true
  if self.options.communitiesLoaded then
    self:loadCommunities(true)
  end
  self.env.PATTSyncDB = copy(self.options.savedVariables)
  self:fire("ADDON_LOADED", "PATTSync")
  self:fire("PLAYER_LOGIN")
  return self
end

--- Loads Blizzard_Communities (the guild window). `quietly` skips ADDON_LOADED, for the case
-- where it was loaded before PATTSync and the event has already gone by.
function World:loadCommunities(quietly)
  if self.loadedAddons.Blizzard_Communities then
    return
  end
  self.env.CreateFrame("Frame", "CommunitiesFrame")
  self.loadedAddons.Blizzard_Communities = true
  if not quietly then
    self:fire("ADDON_LOADED", "Blizzard_Communities")
  end
end

function World:openGuildWindow()
  self:loadCommunities()
  self.env.CommunitiesFrame:Show()
end

function World:closeGuildWindow()
  self.env.CommunitiesFrame:Hide()
end

--- Types a chat line as the chat frame would: finds the SLASH_<KEY><n> alias and calls
-- SlashCmdList[KEY] with the rest of the line. Returns false for an unknown command.
function World:slash(line)
  local command, rest = line:match("^(/%S+)%s*(.-)$")
  for key, handler in pairs(self.env.SlashCmdList) do
    local n = 1
    while self.env["SLASH_" .. key .. n] do
      if self.env["SLASH_" .. key .. n]:lower() == command:lower() then
        handler(rest, {})
        return true
      end
      n = n + 1
    end
  end
  return false
end

--- Printed lines since the last call (and forgets them).
function World:takePrinted()
  local printed = self.printed
  self.printed = {}
  return printed
end

function World:printedText()
  return table.concat(self.printed, "\n")
end

function World:db()
  return self.env.PATTSyncDB
end

--- Runs `/pattsync force` and lets the server answer.
function World:forceExport()
  self:slash("/pattsync force")
  self:advance(self.server.delay)
  return self:db().lastExport
end

--- Whether any frame still listens for `event`.
function World:listensTo(event)
  for _, frame in ipairs(self.frames) do
    if frame.events[event] then
      return true
    end
  end
  return false
end

--- A new world with the addon loaded.
function wow.loaded(options)
  return wow.new(options):loadAddon()
end

--- Sorted keys of a table, to compare key sets.
function wow.keys(value)
  local keys = {}
  for key in pairs(value) do
    keys[#keys + 1] = key
  end
  table.sort(keys, function(a, b)
    return tostring(a) < tostring(b)
  end)
  return keys
end

return wow
