-- Drives Neovim's built-in LSP client against `brief lsp` (the brief
-- test suite, tests/it/lsp.rs): prints what a user would see, one fact a line.
local bin, root, note = os.getenv('BRIEF_BIN'), os.getenv('BRIEF_ROOT'), os.getenv('BRIEF_NOTE')
local function out(line) io.stdout:write(line .. '\n') end
local function lsp_of(d) return (d.user_data and d.user_data.lsp) or d end

vim.cmd('edit ' .. vim.fn.fnameescape(note))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = 'brief', cmd = { bin, 'lsp' }, root_dir = root })
vim.lsp.buf_attach_client(buf, id)

local function find(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if lsp_of(d).code == code then return d end
  end
end

vim.wait(15000, function() return find('unknown-key') ~= nil end, 20)
local d = find('unknown-key')
if not d then out('no diagnostic') vim.cmd('qa!') end
out(string.format('diagnostic %d:%d %s', d.lnum, d.col, d.message:match('[^\n]*')))

local lsp = lsp_of(d)
-- The line is ASCII: Neovim's byte columns are the UTF-16 ones.
local range = lsp.range or { start = { line = d.lnum, character = d.col },
  ['end'] = { line = d.end_lnum, character = d.end_col } }
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, range = range,
  context = { diagnostics = {} } }
local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
for _, answer in pairs(answers) do
  local action = (answer.result or {})[1]
  if action then
    out('action ' .. action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  end
end
out('line ' .. vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])
vim.wait(15000, function() return find('unknown-key') == nil end, 20)
out('fixed ' .. tostring(find('unknown-key') == nil))

local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
for row, text in ipairs(lines) do
  local col = text:find('  %- name: ')
  if col then
    local position = { line = row - 1, character = #'  - name: ' }
    local at = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = position }
    local got = vim.lsp.buf_request_sync(buf, 'textDocument/completion', at, 10000) or {}
    for _, answer in pairs(got) do
      local labels = {}
      for _, item in ipairs((answer.result or {}).items or {}) do table.insert(labels, item.label) end
      out('completion ' .. table.concat(labels, ', '))
    end
    got = vim.lsp.buf_request_sync(buf, 'textDocument/hover', at, 10000) or {}
    for _, answer in pairs(got) do
      local value = ((answer.result or {}).contents or {}).value or ''
      out('hover ' .. value:gsub('\n', ' | '))
    end
    break
  end
end
vim.lsp.stop_client(id)
vim.cmd('qa!')
