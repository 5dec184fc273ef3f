-- PATTSync: turns the game's guild roster into the export the PATT platform reads.
--
-- The layout is a contract (docs/api.md, "Guild sync": POST /api/v1/guild-sync/addon-uploads): the companion uploader sends the
-- SavedVariables file as it is, and the platform parses these exact keys. Change a key here and
-- every guild's upload breaks, so add keys only in step with the platform.
--
-- Nothing here listens to events or keeps state; PATTSync.lua decides when to call BuildExport.

local _, ns = ...

local Roster = {}
ns.Roster = Roster

-- GetGuildRosterLastOnline reports "years, months, days, hours" ago, not a timestamp. The export
-- flattens that into hours so the platform can compare it with a plain number (its "stale after
-- 30 days" rule). A month counts as 30 days and a year as 365: the game's own parts are already
-- rounded, so more precision would be false.
local HOURS_PER_DAY = 24
local HOURS_PER_MONTH = 30 * HOURS_PER_DAY
local HOURS_PER_YEAR = 365 * HOURS_PER_DAY

local ISO_8601_UTC = "!%Y-%m-%dT%H:%M:%SZ"

--- Splits a roster name "Name-Realm" into name and realm.
-- Character names cannot contain "-", so the first dash ends the name; the realm keeps the
-- squashed form the game uses ("Senjin", "AzjolNerub"). Matching bytes is safe for accented and
-- Cyrillic names because no byte of a multi-byte UTF-8 character is ever "-" (0x2D).
-- A name without a realm belongs to the player's own realm, so that realm's display name
-- ("Sen'jin") is used, as the platform expects.
function Roster.SplitName(fullName, ownRealm)
  local name, realm = fullName:match("^([^%-]+)%-(.+)$")
  if name then
    return name, realm
  end
  return fullName, ownRealm
end

--- Hours since a member was last online; 0 for members online now.
function Roster.HoursSinceOnline(isOnline, years, months, days, hours)
  if isOnline or years == nil then
    return 0
  end
  return years * HOURS_PER_YEAR + (months or 0) * HOURS_PER_MONTH + (days or 0) * HOURS_PER_DAY + (hours or 0)
end

--- Whether the player may read officer notes. Retail has C_GuildInfo.CanViewOfficerNote; the
-- global is the older name, kept as a fallback so a client without the namespaced one still works.
function Roster.CanViewOfficerNotes()
  if C_GuildInfo and C_GuildInfo.CanViewOfficerNote then
    return C_GuildInfo.CanViewOfficerNote() and true or false
  end
  if CanViewOfficerNote then
    return CanViewOfficerNote() and true or false
  end
  return false
end

-- One roster entry in the export layout, or nil when the game has no entry at that index (the
-- roster can shrink while we read it).
local function readMember(index, ownRealm, withOfficerNotes)
  local fullName, rankName, rankIndex, level, classDisplayName, zone, publicNote, officerNote, isOnline, _,
    classFileName, achievementPoints = GetGuildRosterInfo(index)
  if not fullName then
    return nil
  end
  local name, realm = Roster.SplitName(fullName, ownRealm)
  local online = isOnline and true or false
  return {
    name = name,
    realm = realm,
    class = classDisplayName,
    classFile = classFileName,
    level = level,
    rank = rankIndex,
    rankName = rankName,
    -- Empty strings rather than nil so every member has the same keys (nil keys vanish from
    -- SavedVariables). The game gives nil zones for some offline members.
    zone = zone or "",
    note = publicNote or "",
    -- Left out entirely (not "") for players who may not read officer notes, so the platform can
    -- tell "no officer note" from "not allowed to see officer notes" and keep what it has.
    officerNote = withOfficerNotes and (officerNote or "") or nil,
    isOnline = online,
    lastOnline = Roster.HoursSinceOnline(online, GetGuildRosterLastOnline(index)),
    achievementPoints = achievementPoints or 0,
  }
end

--- Reads the whole roster into the export table.
-- Returns nil while the roster is not loaded yet (no guild name or no members), so the caller
-- can wait for the next GUILD_ROSTER_UPDATE instead of saving an empty export over a good one.
function Roster.BuildExport(addonVersion)
  local guildName = GetGuildInfo("player")
  local total = GetNumGuildMembers()
  if not guildName or not total or total == 0 then
    return nil
  end

  local ownRealm = GetRealmName()
  local withOfficerNotes = Roster.CanViewOfficerNotes()
  local characters = {}
  for index = 1, total do
    local member = readMember(index, ownRealm, withOfficerNotes)
    if member then
      characters[#characters + 1] = member
    end
  end

  local now = time()
  return {
    exportTime = now,
    exportTimeISO = date(ISO_8601_UTC, now),
    addonVersion = addonVersion,
    guildName = guildName,
    memberCount = #characters,
    characters = characters,
  }
end
