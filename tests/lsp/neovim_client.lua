-- Run by tests/lsp/neovim_test.py in a headless Neovim: its built-in LSP client starts
-- `dsc lsp`, opens a team file of the marketplace example, and records what it gets
-- (diagnostics after an edit, a hover, two go-to-definitions) as JSON in $DSC_NVIM_OUT.
local dsc, root, file, out = vim.env.DSC, vim.env.DSC_ROOT, vim.env.DSC_FILE, vim.env.DSC_NVIM_OUT
local results = { errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qall!')
end

local function fail(what)
  table.insert(results.errors, what)
  finish()
end

-- Count the diagnostics the server publishes, as the client's own handler takes them.
local published = 0
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and vim.uri_to_fname(result.uri) == file then published = published + 1 end
  return publish(err, result, ctx, config)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'dsc',
  cmd = { dsc, 'lsp', '--project-root', root, '--debounce-ms', '20' },
  root_dir = root,
})
if not client_id then return fail('the client did not start') end
vim.lsp.buf_attach_client(buf, client_id)
if not vim.wait(10000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client ~= nil and client.initialized
end, 20) then
  return fail('the server did not initialize')
end

-- A request at (line, col) (1-based line, 0-based byte column), through the client.
local function request(method, line, col, extra)
  vim.api.nvim_win_set_cursor(0, { line, col })
  local params = vim.lsp.util.make_position_params()
  for k, v in pairs(extra or {}) do params[k] = v end
  local replies = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not replies or not replies[client_id] then return nil end
  return replies[client_id].result
end

-- The text of line `line` (1-based), and the column of `needle` in it (0-based).
local function column_of(line, needle)
  local text = vim.api.nvim_buf_get_lines(buf, line - 1, line, true)[1]
  local at = text:find(needle, 1, true)
  if not at then fail('no `' .. needle .. '` on line ' .. line) end
  return at - 1
end

local function line_of(needle)
  for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, true)) do
    if text:find(needle, 1, true) then return i end
  end
  fail('no line with `' .. needle .. '`')
end

-- The file as it is: checked (through marketplace.ds, which imports it), and clean.
if not vim.wait(10000, function() return published > 0 end, 20) then
  return fail('no diagnostics published on open')
end
results.diagnostics_before = vim.diagnostic.get(buf)

-- Hover on `cart-cache` in `REDIS_URL = cart-cache.url`.
local redis = line_of('REDIS_URL = cart-cache.url')
results.hover = request('textDocument/hover', redis, column_of(redis, 'cart-cache') + 2)
-- Go to the definition of `ledger` in `payments.ledger.url` (another team's file), and
-- of `url` in `cart-cache.url` (an export of std/db's redis kind).
local ledger = line_of('payments.ledger.url')
results.definition_ledger = request('textDocument/definition', ledger,
  column_of(ledger, 'ledger.url') + 1)
results.definition_url = request('textDocument/definition', redis,
  column_of(redis, '.url') + 2)

-- An edit, as a person types it: `cart-cache` -> `cart-cach`; diagnostics arrive.
vim.api.nvim_buf_set_text(buf, redis - 1, column_of(redis, 'cart-cache') + 9, redis - 1,
  column_of(redis, 'cart-cache') + 10, {})
if not vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  return fail('no diagnostics after the edit')
end
results.diagnostics_after = vim.diagnostic.get(buf)
results.edited_line = redis
finish()
