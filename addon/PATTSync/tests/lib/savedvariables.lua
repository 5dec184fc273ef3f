-- Writes a value the way WoW writes SavedVariables files, so the Node side can be tested against
-- a file shaped like the real one:
--
--   PATTSyncDB = {
--   	["lastExport"] = {
--   		["characters"] = {
--   			{
--   				["name"] = "Trogmoor",
--   				...
--   			}, -- [1]
--
-- Tabs for indentation, `["key"] = value,` lines, array entries followed by `-- [n]`, strings in
-- double quotes with %q-like escapes (but `\n` for a newline, as WoW writes it, not a backslash
-- followed by a real line break). WoW writes hash keys in no particular order; we sort them so
-- the file is stable between runs.

local savedvariables = {}

local ESCAPES = { ["\\"] = "\\\\", ['"'] = '\\"', ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function quote(text)
  -- %c covers the other control characters; three digits so a following digit cannot join in.
  local escaped = text:gsub('[%c"\\]', function(char)
    return ESCAPES[char] or string.format("\\%03d", char:byte())
  end)
  return '"' .. escaped .. '"'
end
savedvariables.quote = quote

local function number(value)
  if value ~= value or value == math.huge or value == -math.huge then
    error("cannot save " .. tostring(value))
  end
  if value == math.floor(value) and math.abs(value) < 2 ^ 53 then
    return string.format("%d", value)
  end
  return string.format("%.17g", value)
end

local function key(value)
  if type(value) == "string" then
    return "[" .. quote(value) .. "]"
  elseif type(value) == "number" then
    return "[" .. number(value) .. "]"
  elseif type(value) == "boolean" then
    return "[" .. tostring(value) .. "]"
  end
  error("cannot save a " .. type(value) .. " key")
end

-- Strings before numbers before booleans, then by value.
local KEY_ORDER = { string = 1, number = 2, boolean = 3 }
local function compareKeys(a, b)
  if type(a) ~= type(b) then
    return KEY_ORDER[type(a)] < KEY_ORDER[type(b)]
  end
  if type(a) == "boolean" then
    return not a and b
  end
  return a < b
end

local serialize

local function serializeTable(value, indent)
  local inner = indent .. "\t"
  local lines = { "{" }
  local length = 0
  while value[length + 1] ~= nil do
    length = length + 1
    lines[#lines + 1] = inner .. serialize(value[length], inner) .. ", -- [" .. length .. "]"
  end
  local keys = {}
  for k in pairs(value) do
    local isArrayIndex = type(k) == "number" and k >= 1 and k <= length and k == math.floor(k)
    if not isArrayIndex then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys, compareKeys)
  for _, k in ipairs(keys) do
    lines[#lines + 1] = inner .. key(k) .. " = " .. serialize(value[k], inner) .. ","
  end
  lines[#lines + 1] = indent .. "}"
  return table.concat(lines, "\n")
end

function serialize(value, indent)
  local kind = type(value)
  if kind == "string" then
    return quote(value)
  elseif kind == "number" then
    return number(value)
  elseif kind == "boolean" then
    return tostring(value)
  elseif kind == "table" then
    return serializeTable(value, indent)
  elseif kind == "nil" then
    return "nil"
  end
  error("cannot save a " .. kind)
end

--- The text of a SavedVariables file holding the given variables, in the order given:
-- savedvariables.file({ { "PATTSyncDB", PATTSyncDB } }).
function savedvariables.file(variables)
  local parts = {}
  for _, variable in ipairs(variables) do
    parts[#parts + 1] = variable[1] .. " = " .. serialize(variable[2], "") .. "\n"
  end
  return table.concat(parts)
end

--- Runs a SavedVariables file in an empty environment and returns that environment, as the client
-- does when it loads the file. Used to prove the writer produces valid Lua with the same data.
function savedvariables.load(text)
  local chunk = assert(loadstring(text, "=PATTSync.lua"))
  local env = {}
  setfenv(chunk, env)
  chunk()
  return env
end

return savedvariables
