<#
.SYNOPSIS
    Writes the module's MAML help file (en-US/PosixIpc.dll-Help.xml) from docs/help/<Cmdlet>.md.
.DESCRIPTION
    Imports the module from -ModulePath and, for every exported cmdlet, reads docs/help/<Name>.md
    (platyPS-like markdown: SYNOPSIS, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES,
    RELATED LINKS). Parameter metadata (type, mandatory, position, pipeline binding, parameter sets,
    aliases) and output types come from the cmdlet itself through Get-Command; only the words come
    from the markdown. In a parameter's section, a ```yaml block may give "Default value:" and
    "Accept wildcard characters:"; other platyPS keys (Type, Position ...) are ignored, since the
    cmdlet is the one source of that metadata. A YAML front matter block is ignored too.

    It stops with an error (and a non-zero exit code) when an exported cmdlet has no markdown file,
    a section or parameter description is missing, the markdown documents a parameter or an output
    type the cmdlet does not have, or an [OutputType] is left undescribed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$script:Ns = @{
    helpItems = 'http://msh'
    maml      = 'http://schemas.microsoft.com/maml/2004/10'
    command   = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev       = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
# -WhatIf and -Confirm (the optional common parameters) are documented like the cmdlet's own.
$script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters

#region Markdown

function Split-MarkdownSection {
    # Splits lines into sections at headings of the given level ('##' or '###'), outside code fences.
    # Returns ordered name -> lines (the text before the first heading goes under '').
    param([string[]] $Lines, [string] $Level)
    $sections = [ordered]@{ '' = [System.Collections.Generic.List[string]]::new() }
    $current = ''
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match "^$Level\s+(.+?)\s*$") {
            $current = $Matches[1]
            if ($sections.Contains($current)) { throw "Heading '$Level $current' appears twice." }
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        $sections[$current].Add($line)
    }
    $sections
}

function ConvertTo-Paragraph {
    # Prose lines -> paragraphs (split at blank lines; the lines of one paragraph are joined,
    # except list items and indented lines, which keep their line break).
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @($Lines) + '') {
        if ($line.Trim() -eq '') {
            if ($current.Count) { $paragraphs.Add(($current -join '')); $current.Clear() }
            continue
        }
        $keepBreak = $line -match '^\s*([-*]|\d+\.)\s' -or $line -match '^\s{2,}'
        if ($current.Count) { $current.Add($(if ($keepBreak) { "`n" } else { ' ' })) }
        $current.Add($(if ($keepBreak) { $line.TrimEnd() } else { $line.Trim() }))
    }
    , $paragraphs.ToArray()
}

function Split-Fence {
    # Separates fenced code blocks from prose: @{ Prose = lines; Fences = @(@{ Lang; Code }) }.
    param([string[]] $Lines)
    $prose = [System.Collections.Generic.List[string]]::new()
    $fences = [System.Collections.Generic.List[object]]::new()
    $code = $null
    foreach ($line in $Lines) {
        if ($null -eq $code -and $line -match '^\s*```\s*(\w*)') {
            $code = [System.Collections.Generic.List[string]]::new()
            $lang = $Matches[1]
        }
        elseif ($null -ne $code -and $line -match '^\s*```\s*$') {
            $fences.Add(@{ Lang = $lang; Code = ($code -join "`n") })
            $code = $null
        }
        elseif ($null -ne $code) { $code.Add($line) }
        else { $prose.Add($line) }
    }
    if ($null -ne $code) { throw 'A code fence is not closed.' }
    @{ Prose = $prose.ToArray(); Fences = $fences.ToArray() }
}

function Read-ParameterDoc {
    # One '### -Name' section -> @{ Description = paragraphs; Default; Globbing }.
    param([string] $Name, [string[]] $Lines)
    $parts = Split-Fence $Lines
    $doc = @{ Description = ConvertTo-Paragraph $parts.Prose; Default = $null; Globbing = $false }
    foreach ($fence in $parts.Fences) {
        if ($fence.Lang -ne 'yaml') { throw "Parameter -${Name}: only a yaml block may follow the description." }
        foreach ($entry in $fence.Code -split "`n" | Where-Object { $_.Trim() }) {
            if ($entry -notmatch '^\s*([^:]+):\s*(.*)$') { throw "Parameter -${Name}: cannot read '$entry'." }
            switch ($Matches[1].Trim()) {
                'Default value' { $doc.Default = $Matches[2].Trim() }
                'Accept wildcard characters' { $doc.Globbing = $Matches[2].Trim() -eq 'true' }
                # Type, position, pipeline input ... come from the cmdlet; platyPS-style keys are ignored.
                default { }
            }
        }
    }
    $doc
}

function Read-TypeDoc {
    # INPUTS or OUTPUTS: '### Type' headings, each with a description.
    param([string[]] $Lines)
    $types = [ordered]@{}
    $sections = Split-MarkdownSection $Lines '###'
    foreach ($name in @($sections.Keys) | Where-Object { $_ }) {
        $types[$name] = ConvertTo-Paragraph $sections[$name]
    }
    $types
}

function Read-ExampleDoc {
    # '### Example N: title' sections -> @(@{ Title; Code; Remarks }).
    param([string] $Cmdlet, [string[]] $Lines)
    $sections = Split-MarkdownSection $Lines '###'
    foreach ($title in @($sections.Keys) | Where-Object { $_ }) {
        $parts = Split-Fence $sections[$title]
        $code = @($parts.Fences | Where-Object { $_.Lang -in 'powershell', 'pwsh', 'ps1', '' } | ForEach-Object { $_.Code })
        if (-not $code) { throw "${Cmdlet}: example '$title' has no powershell code block." }
        @{ Title = $title; Code = $code -join "`n`n"; Remarks = ConvertTo-Paragraph $parts.Prose }
    }
}

function Read-LinkDoc {
    # RELATED LINKS: '- text' or '[text](uri)' lines.
    param([string[]] $Lines)
    foreach ($line in $Lines | Where-Object { $_.Trim() }) {
        $text = $line.Trim() -replace '^[-*]\s+', ''
        if ($text -match '^\[(.+?)\]\((.*?)\)$') { @{ Text = $Matches[1]; Uri = $Matches[2] } }
        else { @{ Text = $text; Uri = '' } }
    }
}

function Read-CmdletDoc {
    # Reads docs/help/<Name>.md into one object with every section the MAML needs.
    param([string] $Name, [string] $Path)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        throw "$Name has no help: $Path is missing. Write it (see the other files in $(Split-Path $Path))."
    }
    $sections = Split-MarkdownSection (Get-Content -LiteralPath $Path -Encoding utf8) '##'
    $title = ($sections[''] | Where-Object { $_ -match '^#\s' } | Select-Object -First 1)
    if ($title -notmatch "^#\s+$([regex]::Escape($Name))\s*$") { throw "${Path}: the first heading must be '# $Name'." }
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
        if (-not $sections.Contains($required)) { throw "${Path}: the section '## $required' is missing." }
    }
    $doc = @{
        Synopsis    = (ConvertTo-Paragraph $sections['SYNOPSIS']) -join ' '
        Description = ConvertTo-Paragraph $sections['DESCRIPTION']
        Examples    = @(Read-ExampleDoc $Name $sections['EXAMPLES'])
        Parameters  = @{}
        Inputs      = Read-TypeDoc $sections['INPUTS']
        Outputs     = Read-TypeDoc $sections['OUTPUTS']
        Notes       = ConvertTo-Paragraph $sections['NOTES']
        Links       = @(Read-LinkDoc $sections['RELATED LINKS'])
    }
    $parameterSections = Split-MarkdownSection $sections['PARAMETERS'] '###'
    # platyPS's '### CommonParameters' paragraph is boilerplate: Get-Help adds its own.
    foreach ($heading in @($parameterSections.Keys) | Where-Object { $_ -and $_ -ne 'CommonParameters' }) {
        if ($heading -notmatch '^-(\w+)$') { throw "${Path}: parameter headings look like '### -Name', not '### $heading'." }
        $doc.Parameters[$Matches[1]] = Read-ParameterDoc $Matches[1] $parameterSections[$heading]
    }
    if (-not $doc.Synopsis) { throw "${Path}: the SYNOPSIS is empty." }
    if (-not $doc.Description) { throw "${Path}: the DESCRIPTION is empty." }
    if (-not $doc.Examples) { throw "${Path}: there is no example." }
    $doc
}

#endregion

#region Metadata

function Get-DocumentedParameter {
    # The cmdlet's own parameters (no common ones) with their metadata, checked against the markdown.
    param([System.Management.Automation.CmdletInfo] $Command, [hashtable] $Doc)
    $names = @($Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters })
    foreach ($extra in $Doc.Parameters.Keys | Where-Object { $_ -notin $names }) {
        throw "$($Command.Name): the markdown documents -$extra, which the cmdlet does not have."
    }
    foreach ($name in $names) {
        if (-not $Doc.Parameters.ContainsKey($name) -or -not $Doc.Parameters[$name].Description) {
            throw "$($Command.Name): the parameter -$name has no description in the markdown."
        }
    }
    # In the order of the syntax: positional first, then as declared.
    $Command.Parameters.Values | Where-Object Name -In $names | Sort-Object {
        $positions = @($_.ParameterSets.Values.Position | Where-Object { $_ -ge 0 })
        if ($positions.Count) { ($positions | Measure-Object -Minimum).Minimum } else { [int]::MaxValue }
    } | ForEach-Object { $_ }
}

function Get-PipelineInputText {
    param([System.Management.Automation.ParameterSetMetadata[]] $Sets)
    $kinds = @(
        if ($Sets.ValueFromPipelineByPropertyName -contains $true) { 'ByPropertyName' }
        if ($Sets.ValueFromPipeline -contains $true) { 'ByValue' }
    )
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Get-TypeDisplayName {
    param([type] $Type)
    # As PowerShell shows types: int? is Int32 (a parameter left out is null anyway), generics as Name[Arg].
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-TypeDisplayName $underlying }
    if ($Type.IsGenericType) {
        $name = $Type.GetGenericTypeDefinition().FullName -replace '`\d+$', ''
        if ($Type.Namespace -eq 'System') { $name = $name.Substring(7) }
        return $name + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ }) -join ',') + ']'
    }
    if ($Type.Namespace -eq 'System') { return $Type.Name }
    $Type.FullName
}

function Get-ParameterInfo {
    # Everything the MAML says about one parameter, for one parameter set (or all of them).
    param(
        [System.Management.Automation.ParameterMetadata] $Parameter,
        [hashtable] $Doc,
        [string] $SetName
    )
    $sets = if ($SetName -and $Parameter.ParameterSets.ContainsKey($SetName)) {
        @($Parameter.ParameterSets[$SetName])
    }
    elseif ($SetName) { @($Parameter.ParameterSets['__AllParameterSets']) }
    else { @($Parameter.ParameterSets.Values) }
    $positions = @($sets.Position | Where-Object { $_ -ge 0 } | Select-Object -Unique)
    $isSwitch = $Parameter.SwitchParameter
    $wildcards = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    [pscustomobject]@{
        Name          = $Parameter.Name
        Type          = Get-TypeDisplayName $Parameter.ParameterType
        EnumValues    = Get-EnumValue $Parameter.ParameterType
        Required      = ($sets.IsMandatory -contains $true) -and ($sets.IsMandatory -notcontains $false)
        Position      = if ($positions.Count -eq 1) { [string]$positions[0] } else { 'named' }
        PipelineInput = Get-PipelineInputText $sets
        Globbing      = $wildcards -or $Doc.Globbing
        Aliases       = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
        IsSwitch      = $isSwitch
        Default       = if ($Doc.Default) { $Doc.Default } elseif ($isSwitch) { 'False' } else { 'None' }
        Description   = $Doc.Description
        SetNames      = @($Parameter.ParameterSets.Keys)
    }
}

function Get-EnumValue {
    # The values a plain enum takes, for the syntax; flag enums (such as -Mode) are left out.
    param([type] $Type)
    if ($Type.IsEnum -and -not $Type.IsDefined([System.FlagsAttribute], $false)) { , [enum]::GetNames($Type) }
    else { , @() }
}

function Get-SyntaxSet {
    # One entry per parameter set (the default first), each with its parameters in syntax order.
    param([System.Management.Automation.CmdletInfo] $Command, [object[]] $Parameters, [hashtable] $Doc)
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault }, Name)
    foreach ($set in $sets) {
        $inSet = @($set.Parameters.Name | Where-Object { $_ -notin $CommonParameters })
        [pscustomobject]@{
            Name       = $set.Name
            Parameters = @($Parameters | Where-Object Name -In $inSet | ForEach-Object {
                    Get-ParameterInfo $_ $Doc.Parameters[$_.Name] $set.Name
                })
        }
    }
}

function Get-OutputTypeDoc {
    # The [OutputType] types, each with its description from OUTPUTS (matched by full or short name).
    param([System.Management.Automation.CmdletInfo] $Command, [hashtable] $Doc)
    $types = @($Command.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } } | Select-Object -Unique)
    $used = @()
    foreach ($type in $types) {
        $short = $type.Split('.')[-1]
        $key = @($Doc.Outputs.Keys) | Where-Object { $_ -eq $type -or $_ -eq $short } | Select-Object -First 1
        if (-not $key -or -not $Doc.Outputs[$key]) { throw "$($Command.Name): the output type $type has no description under OUTPUTS." }
        $used += $key
        @{ Type = $type; Description = $Doc.Outputs[$key] }
    }
    foreach ($extra in $Doc.Outputs.Keys | Where-Object { $_ -notin $used }) {
        throw "$($Command.Name): OUTPUTS documents $extra, which is not among the cmdlet's [OutputType] types ($($types -join ', '))."
    }
}

#endregion

#region MAML

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $Ns.maml, $p) }
}

function Write-Description {
    # <maml:description> with one <maml:para> per paragraph.
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $Ns.maml)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-DevType {
    param([System.Xml.XmlWriter] $Writer, [string] $Name)
    $Writer.WriteStartElement('dev', 'type', $Ns.dev)
    $Writer.WriteElementString('maml', 'name', $Ns.maml, $Name)
    $Writer.WriteElementString('maml', 'uri', $Ns.maml, '')
    $Writer.WriteEndElement()
}

function Write-Parameter {
    # <command:parameter>, as both the syntax and the parameters section use it.
    param([System.Xml.XmlWriter] $Writer, $Info)
    $Writer.WriteStartElement('command', 'parameter', $Ns.command)
    $Writer.WriteAttributeString('required', $Info.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Info.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Info.PipelineInput)
    $Writer.WriteAttributeString('position', $Info.Position)
    $Writer.WriteAttributeString('aliases', $Info.Aliases)
    $Writer.WriteElementString('maml', 'name', $Ns.maml, $Info.Name)
    Write-Description $Writer $Info.Description
    if ($Info.EnumValues) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $Ns.command)
        foreach ($value in $Info.EnumValues) { Write-ParameterValue $Writer $value }
        $Writer.WriteEndElement()
    }
    if (-not $Info.IsSwitch) { Write-ParameterValue $Writer $Info.Type -Required $true }
    Write-DevType $Writer $Info.Type
    $Writer.WriteElementString('dev', 'defaultValue', $Ns.dev, $Info.Default)
    $Writer.WriteEndElement()
}

function Write-ParameterValue {
    param([System.Xml.XmlWriter] $Writer, [string] $Text, [bool] $Required = $false)
    $Writer.WriteStartElement('command', 'parameterValue', $Ns.command)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'false')
    $Writer.WriteString($Text)
    $Writer.WriteEndElement()
}

function Write-Details {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, [hashtable] $Doc)
    $Writer.WriteStartElement('command', 'details', $Ns.command)
    $Writer.WriteElementString('command', 'name', $Ns.command, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $Ns.command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $Ns.command, $Command.Noun)
    Write-Description $Writer $Doc.Synopsis
    $Writer.WriteEndElement()
}

function Write-Syntax {
    param([System.Xml.XmlWriter] $Writer, [string] $Name, [object[]] $SyntaxSets)
    $Writer.WriteStartElement('command', 'syntax', $Ns.command)
    foreach ($set in $SyntaxSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $Ns.command)
        $Writer.WriteElementString('maml', 'name', $Ns.maml, $Name)
        foreach ($info in $set.Parameters) { Write-Parameter $Writer $info }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-ParameterList {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Parameters, [hashtable] $Doc)
    $Writer.WriteStartElement('command', 'parameters', $Ns.command)
    foreach ($parameter in $Parameters) { Write-Parameter $Writer (Get-ParameterInfo $parameter $Doc.Parameters[$parameter.Name]) }
    $Writer.WriteEndElement()
}

function Write-TypeList {
    # inputTypes/inputType or returnValues/returnValue.
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    $Writer.WriteStartElement('command', $ListName, $Ns.command)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $Ns.command)
        Write-DevType $Writer $type.Type
        Write-Description $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Notes {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'alertSet', $Ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $Ns.maml)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Write-Element {
    # <Prefix:Name> holding what $Content writes (a child scope of the caller's: it sees its variables).
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [scriptblock] $Content)
    $Writer.WriteStartElement($Prefix, $Name, $Ns.$Prefix)
    & $Content
    $Writer.WriteEndElement()
}

function Write-Examples {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Examples)
    Write-Element $Writer command examples {
        foreach ($example in $Examples) {
            Write-Element $Writer command example {
                $Writer.WriteElementString('maml', 'title', $Ns.maml, "--------- $($example.Title) ---------")
                $Writer.WriteElementString('dev', 'code', $Ns.dev, $example.Code)
                # An example without prose still gets one (empty) paragraph: with none, Get-Help indents the next title by a space.
                Write-Element $Writer dev remarks { Write-Para $Writer $(if ($example.Remarks) { $example.Remarks } else { '' }) }
            }
        }
    }
}

function Write-Links {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Links)
    Write-Element $Writer command relatedLinks {
        foreach ($link in $Links) {
            Write-Element $Writer maml navigationLink {
                $Writer.WriteElementString('maml', 'linkText', $Ns.maml, $link.Text)
                $Writer.WriteElementString('maml', 'uri', $Ns.maml, $link.Uri)
            }
        }
    }
}

function Write-Command {
    # One <command:command> for one cmdlet.
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, [hashtable] $Doc)
    $parameters = @(Get-DocumentedParameter $Command $Doc)
    $syntax = @(Get-SyntaxSet $Command $parameters $Doc)
    $outputs = @(Get-OutputTypeDoc $Command $Doc)
    $inputs = @($Doc.Inputs.Keys | ForEach-Object { @{ Type = $_; Description = $Doc.Inputs[$_] } })

    $Writer.WriteStartElement('command', 'command', $Ns.command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $Ns.maml)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $Ns.dev)
    Write-Details $Writer $Command $Doc
    Write-Description $Writer $Doc.Description
    Write-Syntax $Writer $Command.Name $syntax
    Write-ParameterList $Writer $parameters $Doc
    Write-TypeList $Writer 'inputTypes' 'inputType' $inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $outputs
    Write-Notes $Writer $Doc.Notes
    Write-Examples $Writer $Doc.Examples
    Write-Links $Writer $Doc.Links
    $Writer.WriteEndElement()
}

#endregion

function Get-ExportedCmdlet {
    param([string] $Path)
    $module = Import-Module $Path -Force -PassThru
    $names = @($module.ExportedCmdlets.Keys | Sort-Object)
    if (-not $names) { throw "The module $Path exports no cmdlets." }
    $names | ForEach-Object { Get-Command -Module $module.Name -Name $_ -CommandType Cmdlet }
}

function New-HelpXml {
    $commands = @(Get-ExportedCmdlet $ModulePath)
    # Read and check every file first, so one run reports every cmdlet that lacks help.
    $problems = [System.Collections.Generic.List[string]]::new()
    $docs = @{}
    foreach ($command in $commands) {
        try {
            $docs[$command.Name] = Read-CmdletDoc $command.Name (Join-Path $SourcePath "$($command.Name).md")
            $null = Get-DocumentedParameter $command $docs[$command.Name]
            $null = Get-OutputTypeDoc $command $docs[$command.Name]
        }
        catch { $problems.Add($_.Exception.Message) }
    }
    if ($problems.Count) { throw "The help is incomplete:`n  $($problems -join "`n  ")" }

    $directory = Split-Path -Parent ([System.IO.Path]::GetFullPath($OutputPath))
    $null = New-Item -ItemType Directory -Path $directory -Force
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create([System.IO.Path]::GetFullPath($OutputPath), $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $Ns.helpItems)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $commands) { Write-Command $writer $command $docs[$command.Name] }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
    Write-Host "Wrote help for $($commands.Count) cmdlets to $OutputPath"
}

try {
    New-HelpXml
}
catch {
    [Console]::Error.WriteLine("New-HelpXml: $($_.Exception.Message)")
    exit 1
}
