lsp stray-file.ds
