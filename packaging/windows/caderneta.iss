; Caderneta — Windows installer recipe (Inno Setup 6).
;
; Built by .github/workflows/release.yml on windows-latest after the frozen folder:
;   pyinstaller packaging\caderneta.spec --noconfirm
;   iscc /DAppVersion=0.2.0 packaging\windows\caderneta.iss
; Result: dist\Caderneta-<versão>-instalador.exe. She double-clicks it, Avançar, Avançar, Concluir.
;
; - Per user: no administrator password (PrivilegesRequired=lowest); the program goes to
;   %LOCALAPPDATA%\Programs\Caderneta ({autopf} for a per-user install).
; - Her data is NOT here: the program keeps it in %APPDATA%\Caderneta (caderneta.sqlite3 and
;   backups\). Neither installing, updating nor uninstalling ever touches that folder: there is
;   no [UninstallDelete] and no [InstallDelete] entry, on purpose.
; - In Brazilian Portuguese; Start-menu shortcut, optional desktop shortcut, icon.ico.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6F3B2A0C-5D1E-4C8B-9A7E-CADE12E7A001}
AppName=Caderneta
AppVersion={#AppVersion}
AppVerName=Caderneta {#AppVersion}
AppPublisher=Caderneta
DefaultDirName={autopf}\Caderneta
DefaultGroupName=Caderneta
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=Caderneta-{#AppVersion}-instalador
SetupIconFile=resources\icon.ico
UninstallDisplayIcon={app}\Caderneta.exe
UninstallDisplayName=Caderneta
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "brazilianportuguese"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"

[Tasks]
Name: "desktopicon"; Description: "Criar um atalho na área de trabalho"; GroupDescription: "Atalhos:"; Flags: unchecked

[Files]
Source: "dist\Caderneta\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Caderneta"; Filename: "{app}\Caderneta.exe"; IconFilename: "{app}\Caderneta.exe"
Name: "{autodesktop}\Caderneta"; Filename: "{app}\Caderneta.exe"; IconFilename: "{app}\Caderneta.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Caderneta.exe"; Description: "Abrir o Caderneta agora"; Flags: nowait postinstall skipifsilent
