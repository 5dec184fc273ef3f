-- The export: PATTSyncDB layout and values exactly as the upload endpoint reads them (docs/api.md, "Guild sync").
local T = require("lib.runner")
local wow = require("lib.wow")
local expectedCharacters = require("fixtures.expected_characters")

local CHARACTER_KEYS = {
  "achievementPoints", "class", "classFile", "isOnline", "lastOnline", "level", "name", "note", "officerNote",
  "rank", "rankName", "realm", "zone",
}

T.test("PATTSyncDB holds lastExport, lastExportTime and totalExports only", function()
  local world = wow.loaded()
  world:forceExport()
  T.eq(wow.keys(world:db()), { "lastExport", "lastExportTime", "totalExports" })
  T.eq(wow.keys(world:db().lastExport), {
    "addonVersion", "characters", "exportTime", "exportTimeISO", "guildName", "memberCount",
  })
end)

T.test("export header values", function()
  local world = wow.loaded()
  local export = world:forceExport()
  local exportTime = wow.START_TIME + world.server.delay
  T.eq(export.exportTime, exportTime, "exportTime is epoch seconds from time()")
  T.eq(export.exportTimeISO, "2026-11-26T12:00:01Z", "exportTimeISO is UTC ISO-8601")
  T.eq(export.addonVersion, "1.0.0")
  T.eq(export.guildName, "Pull All The Things")
  T.eq(export.memberCount, 9)
  T.eq(export.memberCount, #export.characters, "memberCount counts characters")
  T.eq(world:db().lastExportTime, exportTime)
  T.eq(world:db().totalExports, 1)
end)

T.test("every character has exactly the 13 member keys", function()
  local export = wow.loaded():forceExport()
  for index, character in ipairs(export.characters) do
    T.eq(wow.keys(character), CHARACTER_KEYS, "character " .. index)
  end
end)

T.test("characters are exported exactly, in roster order", function()
  local export = wow.loaded():forceExport()
  T.eq(export.characters, expectedCharacters)
end)

T.test("tricky names: Cyrillic, accents, squashed realms, same name on two realms, no realm", function()
  local characters = wow.loaded():forceExport().characters
  T.eq({ characters[3].name, characters[3].realm }, { "Лиса", "Гордунни" }, "Cyrillic")
  T.eq({ characters[6].name, characters[6].realm }, { "Ædelwyn", "KelThuzad" }, "apostrophe realm, squashed")
  T.eq({ characters[7].name, characters[7].realm }, { "Kálmán", "AzjolNerub" }, "dash realm as the game squashes it")
  T.eq({ characters[4].name, characters[4].realm, characters[4].rank }, { "Arthas", "Senjin", 2 }, "Arthas on Sen'jin")
  T.eq({ characters[5].name, characters[5].realm, characters[5].rank }, { "Arthas", "Area52", 4 }, "Arthas on Area 52")
  T.eq({ characters[8].name, characters[8].realm }, { "Nodash", "Sen'jin" }, "no realm: the player's realm name")
end)

T.test("SplitName splits at the first dash only", function()
  local Roster = wow.loaded().ns.Roster
  T.eq({ Roster.SplitName("Trogmoor-Senjin", "Sen'jin") }, { "Trogmoor", "Senjin" })
  T.eq({ Roster.SplitName("Лиса-Гордунни", "Sen'jin") }, { "Лиса", "Гордунни" })
  T.eq({ Roster.SplitName("Nodash", "Sen'jin") }, { "Nodash", "Sen'jin" })
  T.eq({ Roster.SplitName("Ædelwyn-Azjol-Nerub", "Sen'jin") }, { "Ædelwyn", "Azjol-Nerub" })
end)

T.test("lastOnline is whole hours since last online, 0 while online", function()
  local Roster = wow.loaded().ns.Roster
  T.eq(Roster.HoursSinceOnline(true, nil), 0, "online")
  T.eq(Roster.HoursSinceOnline(false, nil), 0, "no data")
  T.eq(Roster.HoursSinceOnline(false, 0, 0, 0, 0), 0, "under an hour")
  T.eq(Roster.HoursSinceOnline(false, 0, 0, 1, 2), 26, "a day and 2 hours")
  T.eq(Roster.HoursSinceOnline(false, 1, 2, 3, 4), 8760 + 1440 + 72 + 4, "a year, 2 months (30 days), 3 days, 4 hours")
end)

T.test("a GUILD_ROSTER_UPDATE before the roster is loaded does not save an empty export", function()
  local world = wow.loaded()
  world.server.delay = 5
  world:slash("/pattsync force")
  world:fire("GUILD_ROSTER_UPDATE", true) -- e.g. the login-time event, no members known yet
  T.eq(world:db().lastExport, nil, "still waiting")
  world:advance(5)
  T.eq(world:db().lastExport.memberCount, 9)
end)

T.test("members that vanish while the roster is read are skipped", function()
  local world = wow.loaded()
  local realCount = world.env.GetNumGuildMembers
  world.env.GetNumGuildMembers = function()
    local total, online, onlineMax = realCount()
    return total > 0 and total + 1 or 0, online, onlineMax -- one index past the end: GetGuildRosterInfo gives nil
  end
  local export = world:forceExport()
  T.eq(export.memberCount, 9)
  T.eq(#export.characters, 9)
end)

T.test("a new export replaces the previous one", function()
  local world = wow.loaded()
  world:forceExport()
  table.remove(world.members, 1)
  world.members[1].rankIndex = 0
  world.members[1].rankName = "Guild Leader"
  world:advance(60)
  local export = world:forceExport()
  T.eq(export.memberCount, 8)
  local first = export.characters[1]
  T.eq({ first.name, first.rank, first.rankName }, { "Tróg", 0, "Guild Leader" })
  T.eq(world:db().lastExportTime, export.exportTime)
  T.eq(world:db().totalExports, 2)
end)
