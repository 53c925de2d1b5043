-- syncdsl for Neovim: starts `syncdsl lsp` for *.sync.yaml / *.sync.yml buffers.
--
--   require("syncdsl").setup({
--     cmd = { "syncdsl", "lsp" },              -- default: <root>/.venv/bin/syncdsl, else syncdsl on PATH
--     settings = { severity = { SD303 = "info" } },  -- what the server reads via workspace/configuration
--   })
--
-- Neovim 0.8+ uses vim.lsp.start (which reuses a client per root). Older releases
-- (Debian bookworm ships 0.7.2) get the same behaviour from vim.lsp.start_client
-- and vim.lsp.buf_attach_client, with the reuse done here.

local M = {}

M.filetype = "yaml.syncdsl"
M.patterns = { "*.sync.yaml", "*.sync.yml" }

local defaults = {
  name = "syncdsl",
  cmd = nil, -- resolved per root when nil
  root_markers = { ".syncdsl.toml", "pyproject.toml", ".git" },
  settings = {},
  on_attach = nil,
  on_init = nil,
  capabilities = nil,
  cmd_env = nil,
}

M.config = vim.deepcopy(defaults)

-- Clients started by the pre-0.8 path, by root directory.
local clients = {}

local uv = vim.loop

local function is_executable(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == "file" and vim.fn.executable(path) == 1
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The closest directory at or above `path` holding one of `markers`, else the file's directory.
function M.root_dir(path, markers)
  local start = dirname(vim.fn.fnamemodify(path, ":p"))
  local dir = start
  while true do
    for _, marker in ipairs(markers or M.config.root_markers) do
      if uv.fs_stat(dir .. "/" .. marker) ~= nil then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir then
      return start
    end
    dir = parent
  end
end

--- The server command: the setting, else the project's virtual environment, else PATH.
function M.resolve_cmd(root)
  if M.config.cmd ~= nil then
    return M.config.cmd
  end
  for _, venv in ipairs({ ".venv", "venv" }) do
    local exe = root .. "/" .. venv .. "/bin/syncdsl"
    if is_executable(exe) then
      return { exe, "lsp" }
    end
  end
  return { "syncdsl", "lsp" }
end

--- Settings as the client answers workspace/configuration: under the `syncdsl` section.
local function client_settings()
  local settings = M.config.settings or {}
  if settings.syncdsl ~= nil then
    return settings
  end
  return { syncdsl = settings }
end

--- Before 0.8 Neovim neither offers `workspace/configuration` nor pushes the settings: push them once.
local function push_settings(client)
  if vim.lsp.start == nil and next(client.config.settings or {}) ~= nil then
    client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
  end
end

--- The client configuration for a buffer (shared by both start paths).
function M.client_config(bufnr)
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
  local user_on_init = M.config.on_init
  return {
    name = M.config.name,
    cmd = M.resolve_cmd(root),
    cmd_env = M.config.cmd_env,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = client_settings(),
    capabilities = M.config.capabilities,
    on_attach = M.config.on_attach,
    on_init = function(client, result)
      push_settings(client)
      if user_on_init ~= nil then
        return user_on_init(client, result)
      end
    end,
  }
end

local function alive(id)
  local client = vim.lsp.get_client_by_id(id)
  return client ~= nil and not client.is_stopped()
end

--- Start (or reuse) the server for `bufnr` and attach the buffer; returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.client_config(bufnr)
  if vim.lsp.start ~= nil then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[config.root_dir]
  if id == nil or not alive(id) then
    id = vim.lsp.start_client(config)
    if id == nil then
      vim.notify("syncdsl: cannot start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Format a buffer with the server (vim.lsp.buf.format on 0.8+, formatting_sync before).
function M.format(bufnr, timeout_ms)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  timeout_ms = timeout_ms or 5000
  if vim.lsp.buf.format ~= nil then
    vim.lsp.buf.format({ bufnr = bufnr, name = M.config.name, async = false, timeout_ms = timeout_ms })
  else
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.buf.formatting_sync(nil, timeout_ms)
    end)
  end
end

local function is_syncdsl_name(name)
  return name:match("%.sync%.ya?ml$") ~= nil
end

function M.setup(opts)
  opts = opts or {}
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts)
  -- Lists and the settings table are taken as given, not merged index by index with the defaults.
  for _, key in ipairs({ "cmd", "root_markers", "settings" }) do
    if opts[key] ~= nil then
      M.config[key] = opts[key]
    end
  end

  if vim.filetype ~= nil and vim.filetype.add ~= nil then
    vim.filetype.add({ pattern = { [".*%.sync%.ya?ml"] = M.filetype } })
  end

  local group = vim.api.nvim_create_augroup("syncdsl", { clear = true })
  -- Filetype detection that works whatever the filetype machinery (filetype.vim or filetype.lua).
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = M.patterns,
    callback = function(args)
      if vim.bo[args.buf].filetype ~= M.filetype then
        vim.bo[args.buf].filetype = M.filetype
      end
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.filetype,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and is_syncdsl_name(vim.api.nvim_buf_get_name(bufnr)) then
      if vim.bo[bufnr].filetype ~= M.filetype then
        vim.bo[bufnr].filetype = M.filetype
      else
        M.attach(bufnr)
      end
    end
  end
end

return M
