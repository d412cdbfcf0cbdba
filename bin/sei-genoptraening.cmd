@echo off
rem The command line, without npm in between: the project's own Node 22 (node_modules\node), or the system's.
set "SEI_NODE=%~dp0..\node_modules\node\bin\node.exe"
if not exist "%SEI_NODE%" set "SEI_NODE=node"
"%SEI_NODE%" "%~dp0sei-genoptraening.mjs" %*
