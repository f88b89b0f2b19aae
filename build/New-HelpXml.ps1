param($ModulePath, $SourcePath, $OutputPath)
# placeholder: replaced by the generator
