-- A tiny test runner for Lua 5.1: named tests, deep-equality assertions, a summary line and a
-- result the entry point turns into the exit code. No dependencies, so CI needs only lua5.1.

local runner = { passed = 0, failed = 0, group = nil }

local function describe(value)
  if type(value) == "string" then
    return string.format("%q", value)
  end
  return tostring(value)
end

-- Returns nil when equal, else a path and the two differing values ("characters[3].realm: ...").
local function difference(actual, expected, path)
  if type(actual) ~= type(expected) then
    return string.format("%s: expected %s %s, got %s %s", path, type(expected), describe(expected), type(actual),
      describe(actual))
  end
  if type(expected) ~= "table" then
    if actual ~= expected then
      return string.format("%s: expected %s, got %s", path, describe(expected), describe(actual))
    end
    return nil
  end
  for key, value in pairs(expected) do
    local found = difference(actual[key], value, path .. "[" .. describe(key) .. "]")
    if found then
      return found
    end
  end
  for key, value in pairs(actual) do
    if expected[key] == nil then
      return string.format("%s: unexpected key %s = %s", path, describe(key), describe(value))
    end
  end
  return nil
end

-- Assertion failures carry this marker so the report shows the message without a Lua traceback.
local FAILURE = {}

local function fail(message, what)
  error({ [FAILURE] = true, message = (what and (what .. ": ") or "") .. message }, 3)
end

function runner.eq(actual, expected, what)
  local found = difference(actual, expected, "value")
  if found then
    fail(found, what)
  end
end

function runner.ok(value, what)
  if not value then
    fail("expected a true value, got " .. describe(value), what)
  end
end

--- Asserts that `text` contains `needle` (plain text, not a pattern).
function runner.contains(text, needle, what)
  if type(text) ~= "string" or not text:find(needle, 1, true) then
    fail(string.format("expected %s to contain %s", describe(text), describe(needle)), what)
  end
end

function runner.section(name)
  runner.group = name
  print(name)
end

function runner.test(name, body)
  local ok, err = xpcall(body, function(e)
    if type(e) == "table" and e[FAILURE] then
      return e
    end
    return debug.traceback(tostring(e), 2)
  end)
  if ok then
    runner.passed = runner.passed + 1
    print("  ok    " .. name)
  else
    runner.failed = runner.failed + 1
    local message = type(err) == "table" and err.message or err
    print("  FAIL  " .. name)
    print("        " .. tostring(message):gsub("\n", "\n        "))
  end
end

--- Prints "N passed, M failed" and returns the number of failures.
function runner.report()
  print(string.format("%d passed, %d failed", runner.passed, runner.failed))
  return runner.failed
end

return runner
