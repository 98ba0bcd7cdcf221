-- Drives Neovim as a user would, after the README's set-up (TL_SNIPPET): opens TL_FILE, waits
-- for translint's diagnostics, asks for the quick fix of the first one and applies it, waits
-- for the diagnostics to clear, and writes what it saw to TL_OUT as JSON. Runs on 0.7 and on
-- 0.11 alike.
local out = { version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

local function finish(err)
  out.error = err
  local f = assert(io.open(os.getenv('TL_OUT'), 'w'))
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  dofile(os.getenv('TL_SNIPPET'))
  vim.cmd('edit ' .. os.getenv('TL_FILE'))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  if not vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
    error('no diagnostics within 30 s')
  end
  local d = vim.diagnostic.get(buf)[1]
  local lsp = (d.user_data or {}).lsp or {}
  out.diagnostic = {
    code = d.code,
    message = d.message,
    lnum = d.lnum,
    col = d.col,
    end_col = d.end_col,
    related = lsp.relatedInformation,
  }

  local clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  local client = clients({ bufnr = buf })[1]
  local range = {
    start = { line = d.lnum, character = d.col },
    ['end'] = { line = d.end_lnum, character = d.end_col },
  }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = {
      diagnostics = {
        {
          range = range,
          message = d.message,
          code = d.code,
          source = d.source,
          severity = d.severity,
          relatedInformation = lsp.relatedInformation,
        },
      },
    },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
  local action
  for _, response in pairs(responses) do
    for _, a in ipairs(response.result or {}) do
      if a.kind == 'quickfix' and a.edit and not action then
        action = a
      end
    end
  end
  if not action then
    error('no quick fix offered')
  end
  out.action = action.title
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  out.fixed = vim.api.nvim_buf_get_lines(buf, 0, -1, false)[1]
  out.cleared = vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
end)
finish(not ok and tostring(err) or vim.NIL)
