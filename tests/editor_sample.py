"""The file the editor end-to-end tests (Neovim, Emacs, VS Code) open: three mistakes, one of each kind.

SD303 (an unused policy), SD101 (a wildcard in a recycle path) and SD301 (a
misspelt policy reference, with a fix); a non-ASCII path for position encodings.
"""

SAMPLE = """\
# Team sync configuration, with three mistakes.
version: 1
policies:
  standard:
    recycle_policy:
      paths: ["/home/wuying/café", /home/wuying/cache/*.tmp]
      lifecycle: Lifecycle_1Day
contexts:
  - path: /home/wuying/data
    context_id: SdkCtx-0123abcd
    policy: standrd
"""
