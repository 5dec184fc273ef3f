-- Runs the PATTSync tests under Lua 5.1 (WoW's Lua): `lua5.1 tests/run.lua` from addon/PATTSync.
-- Prints one line per test and "N passed, M failed"; exits 1 when anything failed.

local testsDir = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
package.path = testsDir .. "/?.lua;" .. package.path

local T = require("lib.runner")
local wow = require("lib.wow")
wow.addonRoot = testsDir .. "/.."
wow.outDir = testsDir .. "/out"

local SUITES = {
  "test_loading",
  "test_slash",
  "test_export",
  "test_officer_notes",
  "test_throttle",
  "test_retry",
  "test_savedvariables",
}

for _, suite in ipairs(SUITES) do
  T.section(suite)
  -- A suite that does not load or dies outside a test still counts as a failure.
  local chunk, loadError = loadfile(testsDir .. "/" .. suite .. ".lua")
  local ok, runError = false, loadError
  if chunk then
    ok, runError = pcall(chunk)
  end
  if not ok then
    T.test(suite .. " runs", function()
      error(runError, 0)
    end)
  end
end

os.exit(T.report() == 0 and 0 or 1)
