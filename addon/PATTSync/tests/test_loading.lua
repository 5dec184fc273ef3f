-- Loading: the TOC, the globals the addon may create, and SavedVariables handling.
local T = require("lib.runner")
local wow = require("lib.wow")

T.test("the TOC declares the retail interface, metadata, SavedVariables and the Lua files", function()
  local metadata, files = wow.readToc(wow.addonRoot)
  T.contains(metadata.Interface, "120105", "Interface")
  T.eq(metadata.Title, "PATTSync")
  T.ok(metadata.Notes and #metadata.Notes > 0, "Notes")
  T.ok(metadata.Author and #metadata.Author > 0, "Author")
  T.ok(metadata.Version and metadata.Version:match("^%d+%.%d+%.%d+$"), "Version is x.y.z")
  T.eq(metadata.SavedVariables, "PATTSyncDB")
  T.eq(files, { "Roster.lua", "PATTSync.lua" })
end)

T.test("the addon creates no globals but PATTSyncDB and its slash command", function()
  local world = wow.new()
  world:loadCommunities(true) -- CommunitiesFrame is Blizzard's global, not ours
  local before = {}
  for key in pairs(world.env) do
    before[key] = true
  end
  world:loadAddon()
  world:openGuildWindow()
  world:advance(60)
  for _, line in ipairs({ "/pattsync", "/pattsync force", "/patt status", "/patt help", "/patt nope" }) do
    world:slash(line)
    world:advance(60)
  end
  local created = {}
  for key in pairs(world.env) do
    if not before[key] then
      created[#created + 1] = key
    end
  end
  table.sort(created)
  T.eq(created, { "PATTSyncDB", "SLASH_PATTSYNC1", "SLASH_PATTSYNC2" })
  T.eq(wow.keys(world.env.SlashCmdList), { "PATTSYNC" })
end)

T.test("PATTSyncDB is created on ADDON_LOADED on the first run", function()
  local world = wow.loaded()
  T.eq(world:db(), {})
end)

T.test("a PATTSyncDB loaded from disk is kept and totalExports counts on", function()
  local saved = {
    lastExport = { exportTime = wow.START_TIME - 7 * 3600, memberCount = 1, characters = {} },
    lastExportTime = wow.START_TIME - 7 * 3600,
    totalExports = 4,
  }
  local world = wow.loaded({ savedVariables = saved })
  T.eq(world:db(), saved, "before exporting")
  world:forceExport()
  T.eq(world:db().totalExports, 5)
  T.eq(world:db().lastExport.memberCount, 9)
end)

T.test("addonVersion comes from the TOC's Version", function()
  local world = wow.loaded()
  T.eq(world:forceExport().addonVersion, world.toc.Version)
end)
