" *.sync.yaml / *.sync.yml are syncdsl files: YAML highlighting and indent, plus the syncdsl server.
autocmd BufRead,BufNewFile *.sync.yaml,*.sync.yml set filetype=yaml.syncdsl
