-- Officer notes are exported only when the player may read them.
local T = require("lib.runner")
local wow = require("lib.wow")

local function officerNotes(export)
  local notes, count = {}, 0
  for index, character in ipairs(export.characters) do
    if character.officerNote ~= nil then
      notes[index] = character.officerNote
      count = count + 1
    end
  end
  return notes, count
end

T.test("officer notes are left out when C_GuildInfo.CanViewOfficerNote() is false", function()
  local export = wow.loaded({ canViewOfficerNote = false }):forceExport()
  local _, count = officerNotes(export)
  T.eq(count, 0, "characters with an officerNote key")
  T.eq(export.characters[1].note, "Main", "guild notes are still there")
  T.eq(export.memberCount, 9)
end)

T.test("officer notes are exported, empty ones as \"\", when the player may view them", function()
  local export = wow.loaded({ canViewOfficerNote = true }):forceExport()
  local notes, count = officerNotes(export)
  T.eq(count, 9)
  T.eq(notes[1], "GM; discord: trogmoor")
  T.eq(notes[3], "")
end)

T.test("the global CanViewOfficerNote() is used when C_GuildInfo has none", function()
  local hidden = wow.loaded({ officerNoteApi = "global", canViewOfficerNote = false }):forceExport()
  local _, hiddenCount = officerNotes(hidden)
  T.eq(hiddenCount, 0, "cannot view")
  local shown = wow.loaded({ officerNoteApi = "global", canViewOfficerNote = true }):forceExport()
  local _, shownCount = officerNotes(shown)
  T.eq(shownCount, 9, "can view")
end)

T.test("losing the right to view officer notes drops them from the next export", function()
  local world = wow.loaded()
  world:forceExport()
  world.canViewOfficerNote = false
  world:advance(60)
  local _, count = officerNotes(world:forceExport())
  T.eq(count, 0)
end)
