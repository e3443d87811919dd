from seamcheck.cli import main

main()
