console.log("intoto");
