from firsttouch.cli import main

main()
